using Akka.Configuration;

namespace Gateway.Persistence;

/// <summary>
/// The names of Akka.Persistence.Sql's journal table and its columns, as its <c>table-mapping</c>
/// (the gateway uses <c>default</c> on SQLite and PostgreSQL alike) names them. Tags are written
/// into each row's own tags column (<c>tag-write-mode = Csv</c>), so there is no tag table to mind.
/// </summary>
public sealed record JournalTable(
    string Table,
    string PersistenceId,
    string SequenceNr,
    string Created,
    string Manifest)
{
    public static JournalTable From(Config config)
    {
        var journal = config.GetConfig("akka.persistence.journal.sql").WithFallback(SqlPluginDefaults.Config.GetConfig("akka.persistence.journal.sql"));
        var mapping = journal.GetConfig(journal.GetString("table-mapping"));
        var columns = mapping.GetConfig("journal.columns");
        return new JournalTable(
            Qualified(mapping, mapping.GetString("journal.table-name")),
            columns.GetString("persistence-id"),
            columns.GetString("sequence-number"),
            columns.GetString("created"),
            columns.GetString("manifest"));
    }

    private static string Qualified(Config mapping, string table) =>
        mapping.GetString("schema-name") is { Length: > 0 } schema ? $"{schema}.{table}" : table;
}
