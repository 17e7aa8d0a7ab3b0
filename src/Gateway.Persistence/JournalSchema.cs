using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Npgsql;

namespace Gateway.Persistence;

/// <summary>
/// Creates the journal and snapshot tables, with Akka.Persistence.Sql's own definitions: a
/// throwaway actor system with the plugin's auto-initialisation on recovers one persistent
/// actor, which makes both the snapshot store and the journal create their tables. On
/// PostgreSQL this runs under an advisory lock, so nodes starting at once take turns rather
/// than racing on <c>CREATE TABLE</c> (concurrent creations of one table fail in PostgreSQL
/// even with <c>IF NOT EXISTS</c>); the nodes themselves run with auto-initialisation off.
/// </summary>
public static class JournalSchema
{
    /// <summary>One lock for every gateway on the database; the number is arbitrary but fixed (an operator's script may take it too).</summary>
    public const long AdvisoryLockKey = 0x6761_7465_7761_79; // "gateway"

    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(60);

    /// <param name="config">The gateway's configuration: its journal and snapshot-store plugin settings.</param>
    /// <param name="postgresConnectionString">The database to lock, or null for SQLite (one node, no one to race).</param>
    public static async Task EnsureAsync(Config config, string? postgresConnectionString, CancellationToken ct)
    {
        await using var guard = postgresConnectionString is null ? null : await LockAsync(postgresConnectionString, ct);
        var migration = ConfigurationFactory.ParseString("""
                akka.actor.provider = local
                akka.loglevel = WARNING
                akka.persistence.journal.sql.auto-initialize = on
                akka.persistence.snapshot-store.sql.auto-initialize = on
                """)
            .WithFallback(config)
            .WithFallback(SqlPluginDefaults.Config);
        var system = ActorSystem.Create("gateway-migrate", migration);
        try
        {
            var recovered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            system.ActorOf(Props.Create(() => new SchemaProbe(recovered)), "schema-probe");
            await recovered.Task.WaitAsync(RecoveryTimeout, ct);
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>
    /// A session-level advisory lock on a connection of its own. Not pooled: a pooled connection
    /// returned to the pool keeps its session, and with it the lock, which would then never be
    /// released; closing a real connection releases it whatever happened before.
    /// </summary>
    private static async Task<NpgsqlConnection> LockAsync(string connectionString, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", AdvisoryLockKey);
            command.CommandTimeout = 0; // Waiting for another node's migration is the point.
            await command.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Recovers (snapshot, then journal), which needs both tables, and says how that went.</summary>
    private sealed class SchemaProbe : ReceivePersistentActor
    {
        private readonly TaskCompletionSource _recovered;

        public SchemaProbe(TaskCompletionSource recovered)
        {
            _recovered = recovered;
            Recover<RecoveryCompleted>(_ => _recovered.TrySetResult());
        }

        public override string PersistenceId => "gateway-schema-probe";

        protected override void OnRecoveryFailure(Exception reason, object? message = null)
        {
            _recovered.TrySetException(reason);
            base.OnRecoveryFailure(reason, message);
        }
    }
}
