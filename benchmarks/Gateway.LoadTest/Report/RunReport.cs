namespace Gateway.LoadTest.Report;

/// <summary>The whole run, as written to report.json. <paramref name="RssLimit"/>: with --rss-limit only.</summary>
public sealed record RunReport(
    DateTimeOffset StartedAt,
    string CommandLine,
    OptionsReport Options,
    MachineReport Machine,
    PhaseReport? Target,
    PhaseReport? Mosquitto,
    RatioReport? Ratios,
    IReadOnlyList<string> Findings,
    RssCheck? RssLimit = null);

/// <summary>The options in force, durations in seconds or milliseconds as named; the flood's and the RSS limit null when not given.</summary>
public sealed record OptionsReport(
    int Devices,
    string Mix,
    int DevicesPerConnection,
    double Rate,
    double DurationS,
    double WarmupS,
    double CommandRate,
    double IgnoreFraction,
    string Target,
    string? GatewayUrl,
    string? MqttEndpoint,
    string? GatewayDll,
    double? AckTimeoutMs,
    double? StatePublishIntervalMs,
    bool CompareMosquitto,
    int Qos,
    double GraceS,
    double TickMs,
    double? FloodRate = null,
    double? FloodDurationS = null,
    double? FloodBeforeS = null,
    double? RssLimitMb = null);

public sealed record MachineReport(
    string Host,
    int Cores,
    string? CpuModel,
    double MemoryGib,
    string Os,
    string Kernel,
    string Runtime,
    string? DotnetSdk,
    string LoadAverageAtStart);

/// <summary>
/// The headline: the gateway's figures divided by mosquitto's under the same load. Throughput
/// below 1 means the gateway delivered fewer messages a second; latency above 1 means it is slower
/// by that factor.
/// </summary>
public sealed record RatioReport(double? Throughput, double? LatencyP50, double? LatencyP90, double? LatencyP99, double? LatencyP999);
