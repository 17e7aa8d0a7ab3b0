using Akka.Configuration;

namespace Gateway.Persistence;

/// <summary>
/// Readies the journal's storage before the actor system opens it: SQLite files in WAL mode, and
/// the tables where this process creates them (<c>migrate</c>, or a PostgreSQL node set to create
/// them at start, under <see cref="JournalSchema"/>'s lock).
/// </summary>
public static class JournalStartup
{
    /// <returns>Null to go on starting; otherwise the exit code, its reason written to the console.</returns>
    public static async Task<int?> RunAsync(Config config, string persistence, bool createSchema, bool migrateOnly)
    {
        var journal = config.GetString("akka.persistence.journal.sql.connection-string");
        if (persistence == "sqlite")
            SqliteFiles.Prepare(journal, config.GetString("akka.persistence.snapshot-store.sql.connection-string"));
        if (!migrateOnly && !createSchema)
            return null;
        try
        {
            await JournalSchema.EnsureAsync(config, persistence == "postgres" ? journal : null, CancellationToken.None);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
        {
            Console.Error.WriteLine($"gateway: could not create the journal and snapshot tables ({persistence}): {e.Message}");
            return 1;
        }
        if (!migrateOnly)
            return null;
        Console.WriteLine($"gateway: the journal and snapshot tables are ready ({persistence})");
        return 0;
    }
}
