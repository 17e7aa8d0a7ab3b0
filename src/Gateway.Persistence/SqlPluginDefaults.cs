using Akka.Configuration;
using Akka.Persistence.Sql;

namespace Gateway.Persistence;

/// <summary>
/// Akka.Persistence.Sql's reference settings (plugin classes, table layout) for the journal and the
/// snapshot store. Its extension would inject them only when first used, which is after the first
/// persistent actor needs them, so the host and the benchmarks add them up front.
/// </summary>
public static class SqlPluginDefaults
{
    public static readonly Config Config =
        ConfigurationFactory.FromResource<SqlPersistence>("Akka.Persistence.Sql.persistence.conf")
            .WithFallback(ConfigurationFactory.FromResource<SqlPersistence>("Akka.Persistence.Sql.snapshot.conf"));
}
