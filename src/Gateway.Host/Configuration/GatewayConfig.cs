using System.Text;
using Akka.Configuration;
using Gateway.Persistence;
using Gateway.Protocols;

namespace Gateway.Host.Configuration;

/// <summary>
/// Assembles the HOCON the gateway runs on: command-line options over environment variables,
/// over the operator's own file (--config), over the persistence file the configuration
/// selects, over cluster.hocon, over gateway.hocon.
/// SQLite connection strings are derived from the data folder here, and a cluster that could
/// not work (SQLite, or the embedded broker, on more than one node) is refused here, as are
/// listeners open to other machines with nobody authenticated (<see cref="ListenerExposure"/>).
/// </summary>
public sealed record GatewayConfig(Config Config, string Persistence, string DataDir, ClusterFormationSettings Cluster, ListenerExposure Exposure)
{
    /// <summary>Whether a node creates missing tables itself, under the lock, before it starts (PostgreSQL; SQLite's plugin does it).</summary>
    public bool CreatesSchemaAtStart => Persistence == "postgres" && Config.GetBoolean("gateway.postgres.create-schema-at-start");

    /// <summary>Environment variables and the HOCON key each one sets; numbers stay unquoted.</summary>
    private static readonly (string Variable, string Key, bool Quoted)[] Environment =
    [
        ("GATEWAY_DATA_DIR", "gateway.data-dir", true),
        ("GATEWAY_PERSISTENCE", "gateway.persistence", true),
        ("GATEWAY_MQTT_BIND", "gateway.mqtt.bind", true),
        ("GATEWAY_MQTT_PORT", "gateway.mqtt.port", false),
        ("GATEWAY_HTTP_BIND", "gateway.http.bind", true),
        ("GATEWAY_HTTP_PORT", "gateway.http.port", false),
        ("GATEWAY_ALLOW_ANONYMOUS", "gateway.security.allow-anonymous", true),
        ("GATEWAY_CONNECTION_STRING", "akka.persistence.journal.sql.connection-string", true),
        ("GATEWAY_CONNECTION_STRING", "akka.persistence.snapshot-store.sql.connection-string", true),
        ("GATEWAY_CLUSTER_HOSTNAME", "akka.remote.dot-netty.tcp.hostname", true),
        ("GATEWAY_CLUSTER_PORT", "akka.remote.dot-netty.tcp.port", false),
        ("GATEWAY_MANAGEMENT_PORT", "gateway.cluster.management-port", false),
        ("GATEWAY_PUBLIC_HOSTNAME", "gateway.cluster.public-hostname", true),
        ("GATEWAY_DISCOVERY", "gateway.cluster.discovery", true),
        ("GATEWAY_REQUIRED_CONTACT_POINTS", "gateway.cluster.required-contact-points", false),
    ];

    /// <summary>Environment variables holding comma-separated lists, and the HOCON list each one sets.</summary>
    private static readonly (string Variable, string Key)[] EnvironmentLists =
    [
        ("GATEWAY_SEED_NODES", "akka.cluster.seed-nodes"),
        ("GATEWAY_CONTACT_POINTS", "gateway.cluster.contact-points"),
        ("GATEWAY_CALLBACK_DESTINATIONS", "gateway.mqtt-http.callback.allowed-destinations"),
    ];

    /// <summary>The variable naming a HOCON file of the operator's own (--config).</summary>
    private const string ConfigFileVariable = "GATEWAY_CONFIG";

    /// <summary>Every environment variable the host reads; deployments (k8s/) are checked against it.</summary>
    public static IReadOnlySet<string> EnvironmentVariables { get; } = Environment.Select(e => e.Variable)
        .Concat(EnvironmentLists.Select(e => e.Variable))
        .Concat(MqttOptions.All.Select(o => o.Variable))
        .Concat(SecurityOptions.All.Select(o => o.Variable))
        .Append(ConfigFileVariable)
        .ToHashSet();

    public static GatewayConfig Load(CommandLine cli, string hoconDir)
    {
        var overrides = new StringBuilder();
        foreach (var (variable, key, quoted) in Environment.Concat(MqttOptions.All.Concat(SecurityOptions.All).Select(o => (o.Variable, o.Key, true))))
        {
            var value = System.Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(value))
                continue;
            if (!quoted && !int.TryParse(value, out _))
                throw new ArgumentException($"{variable} must be a number, not '{value}'");
            overrides.AppendLine($"{key} = {(quoted ? HoconText.Quote(value) : value)}");
        }
        if (cli.MqttPort is { } mqtt) overrides.AppendLine($"gateway.mqtt.port = {mqtt}");
        if (cli.HttpPort is { } http) overrides.AppendLine($"gateway.http.port = {http}");
        if (cli.MqttBind is { } mqttBind) overrides.AppendLine($"gateway.mqtt.bind = {HoconText.Quote(mqttBind)}");
        if (cli.HttpBind is { } httpBind) overrides.AppendLine($"gateway.http.bind = {HoconText.Quote(httpBind)}");
        if (cli.AllowAnonymous) overrides.AppendLine("gateway.security.allow-anonymous = true");
        if (cli.DataDir is { } dir) overrides.AppendLine($"gateway.data-dir = {HoconText.Quote(dir)}");
        if (cli.Persistence is { } kind) overrides.AppendLine($"gateway.persistence = {kind}");
        foreach (var (key, value) in cli.Settings ?? []) overrides.AppendLine($"{key} = {HoconText.Quote(value)}");
        foreach (var (variable, key) in EnvironmentLists)
        {
            var value = System.Environment.GetEnvironmentVariable(variable);
            if (!string.IsNullOrWhiteSpace(value))
                overrides.AppendLine($"{key} = {List(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}");
        }
        var cluster = cli.Cluster;
        if (cluster.Port is { } remotingPort) overrides.AppendLine($"akka.remote.dot-netty.tcp.port = {remotingPort}");
        if (cluster.ManagementPort is { } managementPort) overrides.AppendLine($"gateway.cluster.management-port = {managementPort}");
        if (cluster.PublicHostname is { } publicHostname) overrides.AppendLine($"gateway.cluster.public-hostname = {HoconText.Quote(publicHostname)}");
        if (cluster.Discovery is { } discovery) overrides.AppendLine($"gateway.cluster.discovery = {discovery}");
        if (cluster.ContactPoints is { } contactPoints) overrides.AppendLine($"gateway.cluster.contact-points = {List(contactPoints)}");
        if (cluster.RequiredContactPoints is { } required) overrides.AppendLine($"gateway.cluster.required-contact-points = {required}");

        var gateway = File(hoconDir, "gateway.hocon");
        var clusterFile = File(hoconDir, "cluster.hocon");
        // An operator's own file sits between the command line / environment and the shipped files.
        var own = (cli.ConfigFile ?? System.Environment.GetEnvironmentVariable(ConfigFileVariable)) is { Length: > 0 } path
            ? File(Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetFileName(path))
            : Config.Empty;
        var head = ConfigurationFactory.ParseString(overrides.ToString()).WithFallback(own).WithFallback(gateway);
        var persistence = CommandLine.PersistenceKind(head.GetString("gateway.persistence"));
        var store = File(hoconDir, $"persistence.{persistence}.hocon");
        var dataDir = Path.GetFullPath(head.GetString("gateway.data-dir"));

        var connection = new StringBuilder();
        if (persistence == "sqlite")
        {
            var merged = store.WithFallback(head);
            connection.AppendLine($"akka.persistence.journal.sql.connection-string = {HoconText.Quote(SqliteConnectionString(dataDir, merged.GetString("gateway.sqlite.journal-file")))}");
            connection.AppendLine($"akka.persistence.snapshot-store.sql.connection-string = {HoconText.Quote(SqliteConnectionString(dataDir, merged.GetString("gateway.sqlite.snapshot-file")))}");
        }
        else if (cli.ConnectionString is { } cs)
        {
            connection.AppendLine($"akka.persistence.journal.sql.connection-string = {HoconText.Quote(cs)}");
            connection.AppendLine($"akka.persistence.snapshot-store.sql.connection-string = {HoconText.Quote(cs)}");
        }

        var config = ConfigurationFactory.ParseString(overrides.ToString() + connection)
            .WithFallback(own)
            .WithFallback(store)
            .WithFallback(clusterFile)
            .WithFallback(gateway);
        if (persistence == "postgres" && string.IsNullOrWhiteSpace(config.GetString("akka.persistence.journal.sql.connection-string")))
            throw new ArgumentException("postgres persistence needs a connection string: --connection-string or GATEWAY_CONNECTION_STRING");

        var clusterSettings = ClusterFormationSettings.From(config);
        if (clusterSettings.PublicHostname.Length > 0)
            config = ConfigurationFactory.ParseString($"akka.remote.dot-netty.tcp.public-hostname = {HoconText.Quote(clusterSettings.PublicHostname)}").WithFallback(config);
        if (clusterSettings.IsMultiNode && cli.Command != CommandLine.Migrate)
        {
            RefuseSingleNodeParts(config, persistence);
            RefuseFramesTooSmall(config);
        }
        // After every source that may name the journal's database: the read side follows it.
        config = QueryJournal.Bind(config);
        var exposure = ListenerExposure.From(config);
        if (exposure.Refusal is { } refusal && cli.Command != CommandLine.Migrate)
            throw new ArgumentException(refusal);
        return new GatewayConfig(config, persistence, dataDir, clusterSettings, exposure);
    }

    /// <summary>
    /// Each node would have a journal and a broker of its own: a device's events would be split
    /// across SQLite files, and a command published on one node's embedded broker would never reach
    /// a device connected to another's.
    /// </summary>
    private static void RefuseSingleNodeParts(Config config, string persistence)
    {
        if (persistence != "postgres")
            throw new ArgumentException("a cluster needs PostgreSQL: every node must read and write the same journal, and a SQLite file belongs to one node. "
                + "Add --persistence postgres --connection-string \"Host=...;Database=...;Username=...\"");
        if (config.GetString("gateway.mqtt.mode") != "external")
            throw new ArgumentException("a cluster needs an external MQTT broker: with the embedded broker each node would be a separate broker, "
                + "and commands for a device connected to another node would never reach it. Add --mqtt external --broker mqtt://HOST:PORT");
    }

    /// <summary>
    /// A device message crosses nodes as a <c>DeviceInput</c> whose payload the gateway serializer
    /// writes in base64 (4 bytes for 3); Akka's remoting drops a message that does not fit its
    /// frame, so a QoS 1 message up to its family's limit would never be acknowledged and come back
    /// for ever. The frame must hold the largest payload limit.
    /// </summary>
    private static void RefuseFramesTooSmall(Config config)
    {
        var largest = PayloadLimit.Largest(config);
        var frame = config.GetByteSize(FrameSetting) ?? 0;
        var needed = 4L * ((largest.MaxBytes + 2L) / 3) + FrameOverheadBytes;
        if (needed > frame)
            throw new ArgumentException($"{FrameSetting} ({frame}) must hold a device message of the largest payload, {largest.Setting} ({largest.MaxBytes}), "
                + $"between nodes: at least {needed} bytes");
    }

    public const string FrameSetting = "akka.remote.dot-netty.tcp.maximum-frame-size";

    /// <summary>What a cross-node device message holds beside its payload: topic, ids, the sharding and remoting envelopes.</summary>
    public const int FrameOverheadBytes = 16 * 1024;

    public static string SqliteConnectionString(string dataDir, string file) => $"Data Source={Path.Combine(dataDir, file)}";

    private static Config File(string dir, string name)
    {
        var path = Path.Combine(dir, name);
        if (!System.IO.File.Exists(path))
            throw new FileNotFoundException($"HOCON file {path} is missing", path);
        return ConfigurationFactory.ParseString(System.IO.File.ReadAllText(path));
    }

    private static string List(IEnumerable<string> values) => $"[{string.Join(", ", values.Select(HoconText.Quote))}]";
}
