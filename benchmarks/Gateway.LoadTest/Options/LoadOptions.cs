using System.Globalization;
using Gateway.LoadTest.Devices;
using MQTTnet.Protocol;

namespace Gateway.LoadTest.Options;

/// <summary>The load tool's options; see <see cref="Usage"/>.</summary>
public sealed record LoadOptions
{
    public int Devices { get; init; } = 1000;
    public FamilyMix Mix { get; init; } = FamilyMix.Parse("drone=1,esp32=1,petal=1");
    public int DevicesPerConnection { get; init; } = 100;
    public double Rate { get; init; } = 10_000;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);
    public double CommandRate { get; init; } = 100;
    public double IgnoreFraction { get; init; } = 0.1;
    public Target Target { get; init; } = Target.Embedded;
    public Uri GatewayUrl { get; init; } = new("http://127.0.0.1:8080/");
    public string MqttHost { get; init; } = "127.0.0.1";
    public int MqttPort { get; init; } = 1883;
    public string? GatewayDll { get; init; }
    public int? GatewayPid { get; init; }
    public bool CompareMosquitto { get; init; } = true;
    public string OutDir { get; init; } = "loadtest-report";
    public TimeSpan? StatePublishInterval { get; init; }
    public MqttQualityOfServiceLevel Qos { get; init; } = MqttQualityOfServiceLevel.AtMostOnce;
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan Tick { get; init; } = TimeSpan.FromMilliseconds(5);
    public double? FloodRate { get; init; }
    public TimeSpan FloodDuration { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan FloodBefore { get; init; } = TimeSpan.FromSeconds(10);
    public double? RssLimitMb { get; init; }
    public bool Help { get; init; }

    public bool Flood => FloodRate is not null;

    /// <summary>
    /// The measured window, in order: one stretch at --rate for --duration, or with --flood-rate
    /// before (--rate), flood (--flood-rate) and after (--rate, --duration).
    /// </summary>
    public IReadOnlyList<Stretch> Stretches => FloodRate is { } flood
        ? [new Stretch("before", Rate, FloodBefore), new Stretch("flood", flood, FloodDuration), new Stretch("after", Rate, Duration)]
        : [new Stretch("measure", Rate, Duration)];

    public const string Usage = """
        Usage: dotnet run -c Release --project benchmarks/Gateway.LoadTest -- [options]

        Simulates devices over real MQTT connections, publishes telemetry at a fixed rate, sends
        commands over the HTTP API, and measures the gateway end to end; in the same run the same
        publishers go through a private mosquitto, and the report gives the gateway as a ratio to it.

          --devices <n>                  simulated devices (default 1000)
          --mix <kind=w,...>             families and their weights: drone, esp32, petal, wardragon, anc
                                         (default drone=1,esp32=1,petal=1)
          --devices-per-connection <n>   devices sharing one MQTT connection (default 100)
          --rate <msgs/s>                telemetry messages per second, all devices together (default 10000)
          --duration <s>                 measured time (default 20)
          --warmup <s>                   time before measuring, not counted (default 3)
          --command-rate <n/s>           HTTP commands per second, drone/esp32/petal only; 0 for none (default 100)
          --ignore-fraction <0..1>       share of commands the devices ignore, so they time out (default 0.1)
          --target <embedded|running|broker>
                                         embedded: start the gateway (default); running: a gateway already
                                         up at --gateway-url and --mqtt-host/--mqtt-port; broker: any MQTT
                                         broker at --mqtt-host/--mqtt-port, relay only
          --gateway-url <url>            HTTP API of a running gateway (default http://127.0.0.1:8080/)
          --mqtt-host <host>             MQTT host of a running gateway or broker (default 127.0.0.1)
          --mqtt-port <port>             MQTT port of a running gateway or broker (default 1883)
          --gateway-pid <pid>            running target: the process to sample for CPU and memory
          --gateway-dll <path>           embedded target: the Gateway.Host.dll to start (default: the
                                         build output of src/Gateway.Host in this tool's configuration)
          --ack-timeout <ms>             embedded target: command acknowledgement timeout written into the
                                         gateway's --config file, so ignored commands settle soon (default 200)
          --state-publish-interval <ms>  embedded target: gateway.devices.state-publish-interval
          --compare-mosquitto <on|off>   also run the same load through a private mosquitto (default on)
          --qos <0|1>                    QoS of telemetry publications and subscriptions (default 0)
          --grace <s>                    after the run, messages not seen once nothing has arrived for this
                                         long are lost (default 5)
          --tick <ms>                    pacing interval of each connection's publisher (default 5)
          --flood-rate <msgs/s>          flood mode: the measured window becomes three stretches, before (--rate
                                         for --flood-before), flood (this rate for --flood-duration) and after
                                         (--rate for --duration); the report gives each stretch, every second,
                                         and the time latency takes to recover after the flood. The mosquitto
                                         phase runs the same schedule. Durations in whole seconds
          --flood-duration <s>           flood mode: length of the flood (default 60)
          --flood-before <s>             flood mode: time at --rate before the flood (default 10)
          --rss-limit <MB>               the bound the report checks the gateway's peak resident memory against
                                         (the measured window; in flood mode the drain after it too): embedded
                                         target, or running with --gateway-pid. Reported as within or over;
                                         the exit code does not change
          --out <dir>                    where report.json, report.md and gateway.log go (default ./loadtest-report)
          --help                         show this help
        """;

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var o = new LoadOptions();
        var floodShaped = false;
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
            floodShaped |= arg is "--flood-duration" or "--flood-before";
            string Value() => inline ?? (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value"));
            o = arg switch
            {
                "--devices" => o with { Devices = Int(arg, Value(), 1) },
                "--mix" => o with { Mix = FamilyMix.Parse(Value()) },
                "--devices-per-connection" => o with { DevicesPerConnection = Int(arg, Value(), 1) },
                "--rate" => o with { Rate = Number(arg, Value(), 0.001) },
                "--duration" => o with { Duration = Positive(arg, Durations.Parse(arg, Value(), "s")) },
                "--warmup" => o with { Warmup = Durations.Parse(arg, Value(), "s") },
                "--command-rate" => o with { CommandRate = Number(arg, Value(), 0) },
                "--ignore-fraction" => o with { IgnoreFraction = Fraction(arg, Value()) },
                "--target" => o with { Target = TargetOf(Value()) },
                "--gateway-url" => o with { GatewayUrl = Url(arg, Value()) },
                "--mqtt-host" => o with { MqttHost = Value() },
                "--mqtt-port" => o with { MqttPort = Int(arg, Value(), 1, 65535) },
                "--gateway-pid" => o with { GatewayPid = Int(arg, Value(), 1) },
                "--gateway-dll" => o with { GatewayDll = Value() },
                "--ack-timeout" => o with { AckTimeout = Positive(arg, Durations.Parse(arg, Value(), "ms")) },
                "--state-publish-interval" => o with { StatePublishInterval = Durations.Parse(arg, Value(), "ms") },
                "--compare-mosquitto" => o with { CompareMosquitto = OnOff(arg, Value()) },
                "--no-compare-mosquitto" => o with { CompareMosquitto = false },
                "--qos" => o with { Qos = QosOf(arg, Value()) },
                "--grace" => o with { Grace = Durations.Parse(arg, Value(), "s") },
                "--tick" => o with { Tick = Positive(arg, Durations.Parse(arg, Value(), "ms")) },
                "--flood-rate" => o with { FloodRate = Number(arg, Value(), 0.001) },
                "--flood-duration" => o with { FloodDuration = WholeSeconds(arg, Durations.Parse(arg, Value(), "s")) },
                "--flood-before" => o with { FloodBefore = WholeSeconds(arg, Durations.Parse(arg, Value(), "s")) },
                "--rss-limit" => o with { RssLimitMb = Number(arg, Value(), 1) },
                "--out" => o with { OutDir = Value() },
                "--help" or "-h" => o with { Help = true },
                _ => throw new ArgumentException($"unknown option '{args[i]}'"),
            };
        }
        if (o.Target != Target.Embedded && o.StatePublishInterval is not null)
            throw new ArgumentException("--state-publish-interval is written into the embedded gateway's configuration; set it on a running gateway yourself");
        if (!o.Flood && floodShaped)
            throw new ArgumentException("--flood-duration and --flood-before shape a flood: give --flood-rate too");
        // The per-second table and the recovery time count whole seconds from the window's start,
        // so every stretch has to begin on one.
        if (o.Flood)
            WholeSeconds("--duration", o.Duration);
        if (o.RssLimitMb is not null && (o.Target == Target.Broker || o.Target == Target.Running && o.GatewayPid is null))
            throw new ArgumentException("--rss-limit needs the gateway's process to read: the embedded target, or --target running with --gateway-pid");
        return o;
    }

    private static TimeSpan WholeSeconds(string option, TimeSpan value) =>
        value > TimeSpan.Zero && value.Ticks % TimeSpan.TicksPerSecond == 0
            ? value
            : throw new ArgumentException($"{option} must be a whole number of seconds above zero in flood mode, not {value.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");

    private static int Int(string option, string value, int min, int max = int.MaxValue) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{option} must be a whole number from {min} to {max}, not '{value}'");

    private static double Number(string option, string value, double min) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= min && double.IsFinite(n)
            ? n
            : throw new ArgumentException($"{option} must be a number of at least {min.ToString(CultureInfo.InvariantCulture)}, not '{value}'");

    private static double Fraction(string option, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 1
            ? n
            : throw new ArgumentException($"{option} must be a number from 0 to 1, not '{value}'");

    private static TimeSpan Positive(string option, TimeSpan value) =>
        value > TimeSpan.Zero ? value : throw new ArgumentException($"{option} must be longer than zero");

    private static bool OnOff(string option, string value) => value.ToLowerInvariant() switch
    {
        "on" or "true" or "yes" or "1" => true,
        "off" or "false" or "no" or "0" => false,
        _ => throw new ArgumentException($"{option} must be on or off, not '{value}'"),
    };

    private static Uri Url(string option, string value) =>
        Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new ArgumentException($"{option} must be an http(s) URL, not '{value}'");

    private static Target TargetOf(string value) => value switch
    {
        "embedded" => Target.Embedded,
        "running" => Target.Running,
        "broker" => Target.Broker,
        _ => throw new ArgumentException($"--target must be embedded, running or broker, not '{value}'"),
    };

    private static MqttQualityOfServiceLevel QosOf(string option, string value) => value switch
    {
        "0" => MqttQualityOfServiceLevel.AtMostOnce,
        "1" => MqttQualityOfServiceLevel.AtLeastOnce,
        _ => throw new ArgumentException($"{option} must be 0 or 1, not '{value}'"),
    };
}
