using Akka.Persistence.Sql.Config;
using LinqToDB;
using LinqToDB.Data;

namespace Gateway.Persistence;

/// <summary>
/// Makes the PostgreSQL journal write its batches with PostgreSQL's binary COPY instead of a
/// multi-row INSERT. Akka.Persistence.Sql hands a batch larger than <c>max-row-by-row-size</c> to
/// LinqToDB's bulk copy of type Default, which for PostgreSQL is a multi-row INSERT with every
/// value written into the SQL text (the event bytes as hex), and the server spent a large part of
/// its time lexing and parsing that text. Binary COPY sends the rows as they are, which roughly
/// halved the CPU per event, client and server (benchmarks/README.md, journal writes). The plugin
/// takes LinqToDB options only through an actor system setup, not HOCON. This one applies to the
/// write journal only (by plugin id); the snapshot store and reads are unchanged. Rows still go in
/// the plugin's transaction, so durability is the same.
/// </summary>
public static class PostgresJournalCopy
{
    private const string JournalPluginId = "akka.persistence.journal.sql";

    public static MultiDataOptionsSetup Setup(Akka.Configuration.Config config)
    {
        var journal = config.GetConfig(JournalPluginId);
        var options = new DataOptions()
            .UseConnectionString(journal.GetString("provider-name"), journal.GetString("connection-string"))
            .UsePostgreSQL(o => o with { BulkCopyType = BulkCopyType.ProviderSpecific });
        var setup = new MultiDataOptionsSetup();
        setup.AddDataOptions(JournalPluginId, options);
        return setup;
    }
}
