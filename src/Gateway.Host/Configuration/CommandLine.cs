namespace Gateway.Host.Configuration;

/// <summary>
/// The host's command-line options. Each one overrides the HOCON key (and so the environment
/// variable) named in its help line; anything unknown is an error rather than silently ignored.
/// </summary>
public sealed record CommandLine(
    int? MqttPort,
    int? HttpPort,
    string? DataDir,
    string? Persistence,
    string? ConnectionString,
    string? ConfigFile,
    bool Help,
    IReadOnlyList<(string Key, string Value)>? Mqtt = null)
{
    public const string Usage = $$"""
        Usage: Gateway.Host [options]

          --mqtt-port <port>            embedded MQTT broker port (gateway.mqtt.port, GATEWAY_MQTT_PORT; default 1883)
          --http-port <port>            HTTP API port (gateway.http.port, GATEWAY_HTTP_PORT; default 8080)
          --data-dir <path>             SQLite journal and snapshot folder (gateway.data-dir, GATEWAY_DATA_DIR; default ./data)
          --persistence <sqlite|postgres>  journal and snapshot store (gateway.persistence, GATEWAY_PERSISTENCE; default sqlite)
          --connection-string <string>  PostgreSQL connection string (GATEWAY_CONNECTION_STRING)
          --config <file>               a HOCON file of your own whose keys override hocon/*.hocon (GATEWAY_CONFIG)
        {{MqttOptions.Usage}}
          --help                        show this help

        Everything else is configured in hocon/*.hocon; see README.md.
        """;

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        int? mqttPort = null, httpPort = null;
        string? dataDir = null, persistence = null, connectionString = null, configFile = null;
        var help = false;
        List<(string Key, string Value)> mqtt = [];
        for (var i = 0; i < args.Count; i++)
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
                case "--data-dir": dataDir = Value(); break;
                case "--persistence": persistence = PersistenceKind(Value()); break;
                case "--connection-string": connectionString = Value(); break;
                case "--config": configFile = Value(); break;
                case "--help" or "-h": help = true; break;
                default:
                    mqtt.Add((MqttOptions.KeyOf(arg) ?? throw new ArgumentException($"unknown option '{args[i]}'"), MqttOptions.Check(arg, Value())));
                    break;
            }
        }
        return new CommandLine(mqttPort, httpPort, dataDir, persistence, connectionString, configFile, help, mqtt);
    }

    private static int Port(string option, string value) =>
        int.TryParse(value, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new ArgumentException($"{option} must be a port number from 0 to 65535, not '{value}'");

    public static string PersistenceKind(string value) => value switch
    {
        "sqlite" or "postgres" => value,
        _ => throw new ArgumentException($"persistence must be 'sqlite' or 'postgres', not '{value}'"),
    };
}
