using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Npgsql;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// <c>Gateway.Host migrate</c> (which every PostgreSQL node also runs at start) creates the journal
/// and snapshot tables, one at a time under an advisory lock, so several at once (nodes starting
/// together) all succeed; it says clearly when it cannot.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SchemaMigrationTests(PostgresGatewayFixture fixture)
{
    private static readonly TimeSpan MigrateTimeout = TimeSpan.FromMinutes(2);

    private static Task<CommandResult> MigrateAsync(string connectionString) =>
        ExternalCommand.RunAsync(HostBinary.Dotnet, [HostBinary.DllPath, "migrate", "--persistence", "postgres", "--connection-string", connectionString], MigrateTimeout);

    [Fact]
    public async Task ThreeMigrationsAtOnceOnAnEmptyDatabaseAllSucceedAndCreateTheTablesOnce()
    {
        const string database = "migrate_race";
        await fixture.Postgres.CreateDatabaseAsync(database);
        var connectionString = fixture.Postgres.ConnectionString(database);

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => MigrateAsync(connectionString)));

        foreach (var result in results)
        {
            Assert.True(result.Succeeded, $"migrate failed: {result}");
            Assert.Contains("the journal and snapshot tables are ready", result.StandardOutput);
        }
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var columns = new NpgsqlCommand(
            "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name IN ('journal', 'snapshot')", connection);
        var found = new List<string>();
        await using (var reader = await columns.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                found.Add(reader.GetString(0));
        Assert.Contains("journal.writer_uuid", found);
        Assert.Contains("journal.persistence_id", found);
        Assert.Contains("snapshot.persistence_id", found);
    }

    [Fact]
    public async Task MigrateWaitsWhileAnotherNodeHoldsTheSchemaLock()
    {
        const string database = "migrate_lock";
        await fixture.Postgres.CreateDatabaseAsync(database);
        var connectionString = fixture.Postgres.ConnectionString(database);
        await using var otherNode = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await otherNode.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({Gateway.Persistence.JournalSchema.AdvisoryLockKey})", otherNode))
            await take.ExecuteNonQueryAsync();

        var migrate = MigrateAsync(connectionString);
        var finishedWhileHeld = await Task.WhenAny(migrate, Task.Delay(TimeSpan.FromSeconds(5))) == migrate;
        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({Gateway.Persistence.JournalSchema.AdvisoryLockKey})", otherNode))
            await release.ExecuteNonQueryAsync();
        var result = await migrate;

        Assert.False(finishedWhileHeld, $"migrate did not wait for the schema lock: {result}");
        Assert.True(result.Succeeded, $"migrate failed once the lock was free: {result}");
    }

    [Fact]
    public async Task MigrateAgainstADatabaseThatDoesNotExistFailsWithTheReason()
    {
        var result = await MigrateAsync(fixture.Postgres.ConnectionString("no_such_database"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("could not create the journal and snapshot tables", result.StandardError);
        Assert.Contains("no_such_database", result.StandardError);
    }
}
