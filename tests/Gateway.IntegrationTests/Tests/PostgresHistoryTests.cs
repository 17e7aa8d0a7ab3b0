using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;
using static Gateway.IntegrationTests.Infrastructure.HistoryScenario;

namespace Gateway.IntegrationTests.Tests;

/// <summary>History and retention on the real PostgreSQL server: the same queries and deletes as on SQLite.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresHistoryTests(PostgresGatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task A_history_query_returns_the_events_of_a_time_window_after_a_restart_on_postgres()
    {
        var id = DroneIds.New("pg-history");
        var window = (await PublishAroundWindowAsync(Gateway, id, outside: 1, inside: 2)).Query;

        await Gateway.RestartAsync();

        var events = await AllPagesAsync(Gateway, $"api/devices/drone/{id}/events?{window}", limit: 1);
        var transcript = await GetAsync(Gateway, $"api/devices/drone/{id}/transcript?{window}");
        var telemetry = await GetAsync(Gateway, $"api/devices/drone/{id}/telemetry?{window}");
        Assert.Equal(["b1", "b2"], Phases(events));
        Assert.Equal(["b line 1", "b line 2"], Lines(transcript.At("items").EnumerateArray()));
        Assert.Equal([41, 42], Batteries(telemetry.At("items").EnumerateArray()));
    }

    [Fact]
    public async Task Expired_rows_leave_history_view_and_journal_while_recovery_gives_the_same_device_on_postgres()
    {
        const string database = "retention";
        await fixture.Postgres.CreateDatabaseAsync(database);
        var connectionString = fixture.Postgres.ConnectionString(database);
        using var config = await ConfigFile.WriteAsync("pg-retention", RetentionScenario.Config);
        await using var gateway = await GatewayProcess.StartAsync("pg-retention",
            ["--persistence", "postgres", "--connection-string", connectionString, "--config", config.Path]);

        await RetentionScenario.RunAsync(gateway, JournalRows.Postgres(connectionString));
    }
}
