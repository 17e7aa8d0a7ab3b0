namespace Gateway.Host.Configuration;

/// <summary>
/// The host's command line: an optional sub-command (<c>migrate</c>) and options. Each option
/// overrides the HOCON key (and so the environment variable) named in its help line; anything
/// unknown is an error rather than silently ignored. <c>passwd</c> and <c>api-key</c> take arguments
/// of their own and run before this is parsed (<see cref="Commands.PasswdCommand"/>,
/// <see cref="Commands.ApiKeyCommand"/>); only their help is here.
/// </summary>
public sealed record CommandLine(
    string? Command,
    int? MqttPort,
    int? HttpPort,
    string? MqttBind,
    string? HttpBind,
    bool AllowAnonymous,
    string? DataDir,
    string? Persistence,
    string? ConnectionString,
    string? ConfigFile,
    ClusterOptions Cluster,
    bool Help,
    IReadOnlyList<(string Key, string Value)>? Settings = null)
{
    public const string Migrate = "migrate";

    public const string Usage = $$"""
        Usage: Gateway.Host [migrate] [options]
               Gateway.Host passwd [-b | -D] FILE USER [PASSWORD]
               Gateway.Host api-key FILE NAME ROLE

          migrate                       create the journal and snapshot tables, then exit (run it once
                                        before starting a cluster; nodes also do it at start, one at a time)
        {{Commands.PasswdCommand.Usage}}
        {{Commands.ApiKeyCommand.Usage}}

          --mqtt-port <port>            embedded MQTT broker port (gateway.mqtt.port, GATEWAY_MQTT_PORT; default 1883)
          --http-port <port>            HTTP API port (gateway.http.port, GATEWAY_HTTP_PORT; default 8080)
          --mqtt-bind <address>         address the embedded broker listens on (gateway.mqtt.bind, GATEWAY_MQTT_BIND;
                                        default 127.0.0.1: other machines need --password-file, --tls-client-certs require or --allow-anonymous)
          --http-bind <address>         address the HTTP API listens on (gateway.http.bind, GATEWAY_HTTP_BIND;
                                        default 127.0.0.1: other machines need --api-keys or --allow-anonymous)
          --allow-anonymous             accept clients nobody authenticated on a non-loopback address (gateway.security.allow-anonymous,
                                        GATEWAY_ALLOW_ANONYMOUS; default false); warned at every start
          --data-dir <path>             SQLite journal and snapshot folder (gateway.data-dir, GATEWAY_DATA_DIR; default ./data)
          --persistence <sqlite|postgres>  journal and snapshot store (gateway.persistence, GATEWAY_PERSISTENCE; default sqlite)
          --connection-string <string>  PostgreSQL connection string (GATEWAY_CONNECTION_STRING)
          --config <file>               a HOCON file of your own whose keys override hocon/*.hocon (GATEWAY_CONFIG)
        {{MqttOptions.Usage}}
        {{SecurityOptions.Usage}}

        Cluster (none of these: a one-node cluster; any of them: a cluster, which needs postgres and --mqtt external):
          --cluster-port <port>         Akka remoting port (akka.remote.dot-netty.tcp.port, GATEWAY_CLUSTER_PORT; default 0, any free port)
          --management-port <port>      Akka.Management HTTP port cluster bootstrap probes (gateway.cluster.management-port,
                                        GATEWAY_MANAGEMENT_PORT; default 8558)
          --public-hostname <host>      the address other nodes reach this one at (gateway.cluster.public-hostname,
                                        GATEWAY_PUBLIC_HOSTNAME; default: the remoting hostname)
          --discovery <config|kubernetes>  how nodes find each other (gateway.cluster.discovery, GATEWAY_DISCOVERY)
          --contact-points <host:port,...>  management endpoints of the nodes, for config discovery
                                        (gateway.cluster.contact-points, GATEWAY_CONTACT_POINTS)
          --required-contact-points <n> contact points found before a new cluster may form
                                        (gateway.cluster.required-contact-points, GATEWAY_REQUIRED_CONTACT_POINTS; default 2)
          --help                        show this help

        Everything else is configured in hocon/*.hocon; see README.md.
        """;

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        int? mqttPort = null, httpPort = null;
        string? mqttBind = null, httpBind = null;
        var allowAnonymous = false;
        string? dataDir = null, persistence = null, connectionString = null, configFile = null;
        var cluster = new ClusterOptions();
        var help = false;
        List<(string Key, string Value)> settings = [];
        var start = 0;
        string? command = null;
        if (args.Count > 0 && args[0] == Migrate)
        {
            command = Migrate;
            start = 1;
        }
        for (var i = start; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            var eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }
            string Value() => inline ?? (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value"));
            switch (arg)
            {
                case "--mqtt-port": mqttPort = Port(arg, Value()); break;
                case "--http-port": httpPort = Port(arg, Value()); break;
                case "--mqtt-bind": mqttBind = Value(); break;
                case "--http-bind": httpBind = Value(); break;
                case "--allow-anonymous": allowAnonymous = true; break;
                case "--data-dir": dataDir = Value(); break;
                case "--persistence": persistence = PersistenceKind(Value()); break;
                case "--connection-string": connectionString = Value(); break;
                case "--config": configFile = Value(); break;
                case "--cluster-port": cluster = cluster with { Port = Port(arg, Value()) }; break;
                case "--management-port": cluster = cluster with { ManagementPort = Port(arg, Value()) }; break;
                case "--public-hostname": cluster = cluster with { PublicHostname = Value() }; break;
                case "--discovery": cluster = cluster with { Discovery = ClusterFormationSettings.DiscoveryKind(Value()) }; break;
                case "--contact-points": cluster = cluster with { ContactPoints = ClusterFormationSettings.ContactPointList(Value()) }; break;
                case "--required-contact-points": cluster = cluster with { RequiredContactPoints = Count(arg, Value()) }; break;
                case "--help" or "-h": help = true; break;
                default:
                    if (i == start && !arg.StartsWith('-'))
                        throw new ArgumentException($"unknown command '{args[i]}'");
                    if (MqttOptions.KeyOf(arg) is { } mqttKey)
                        settings.Add((mqttKey, MqttOptions.Check(arg, Value())));
                    else if (SecurityOptions.KeyOf(arg) is { } securityKey)
                        settings.Add((securityKey, SecurityOptions.Check(arg, Value())));
                    else
                        throw new ArgumentException($"unknown option '{args[i]}'");
                    break;
            }
        }
        return new CommandLine(command, mqttPort, httpPort, mqttBind, httpBind, allowAnonymous, dataDir, persistence, connectionString, configFile, cluster, help, settings);
    }

    private static int Port(string option, string value) =>
        int.TryParse(value, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new ArgumentException($"{option} must be a port number from 0 to 65535, not '{value}'");

    private static int Count(string option, string value) =>
        int.TryParse(value, out var count) && count >= 1
            ? count
            : throw new ArgumentException($"{option} must be a whole number of at least 1, not '{value}'");

    public static string PersistenceKind(string value) => value switch
    {
        "sqlite" or "postgres" => value,
        _ => throw new ArgumentException($"persistence must be 'sqlite' or 'postgres', not '{value}'"),
    };
}
