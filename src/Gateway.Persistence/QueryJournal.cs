using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;

namespace Gateway.Persistence;

/// <summary>
/// The read side of the journal (Akka.Persistence.Query over Akka.Persistence.Sql's read journal),
/// configured once for every read model and history query. It reads the table the write journal
/// writes, so whatever names that table and how to reach it (connection string, provider, table
/// mapping, how tags are stored, read isolation, connection handling) is taken from the journal's
/// settings here, never set twice; hocon/persistence.*.hocon holds only the read side's own
/// settings (how often it polls, how much it buffers).
/// </summary>
public static class QueryJournal
{
    /// <summary>What <c>PersistenceQuery.Get(system).ReadJournalFor&lt;T&gt;(PluginId)</c> takes.</summary>
    public const string PluginId = "akka.persistence.query.journal.sql";

    private const string JournalPluginId = "akka.persistence.journal.sql";

    /// <summary>Journal setting and the read journal setting that must equal it.</summary>
    private static readonly (string Journal, string Query)[] Shared =
    [
        ("connection-string", "connection-string"),
        ("provider-name", "provider-name"),
        ("table-mapping", "table-mapping"),
        ("tag-write-mode", "tag-read-mode"),
        ("tag-separator", "tag-separator"),
        ("read-isolation-level", "read-isolation-level"),
        ("use-clone-connection", "use-clone-connection"),
    ];

    /// <summary><paramref name="config"/> with the read journal pointed at the write journal's database and table.</summary>
    public static Config Bind(Config config)
    {
        var journal = config.GetConfig(JournalPluginId) ?? Config.Empty;
        var text = new StringBuilder($"{PluginId}.write-plugin = \"{JournalPluginId}\"\n");
        foreach (var (from, to) in Shared)
            if (journal.HasPath(from))
                text.Append(PluginId).Append('.').Append(to).Append(" = ")
                    .Append(HoconText.Quote(journal.GetString(from))).Append('\n');
        return ConfigurationFactory.ParseString(text.ToString()).WithFallback(config);
    }

    /// <summary>
    /// The read journal of <paramref name="system"/>. Akka caches it per plugin id; its first use
    /// waits (up to 5 s) for the write journal to be initialized, so take it from request or
    /// start-up code, never inside an actor's message handler.
    /// </summary>
    public static SqlReadJournal Get(ActorSystem system) =>
        PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(PluginId);
}
