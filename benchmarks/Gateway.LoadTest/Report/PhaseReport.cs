using Gateway.LoadTest.Measurement;

namespace Gateway.LoadTest.Report;

/// <summary>
/// Everything measured in one phase: the gateway (or an external broker), or the mosquitto baseline.
/// <paramref name="Flood"/>: a flood run's stretches and seconds, null otherwise.
/// </summary>
public sealed record PhaseReport(
    string Name,
    string Target,
    int Devices,
    int Connections,
    double TargetRate,
    double MeasuredSeconds,
    TelemetryReport Telemetry,
    CommandReport? Commands,
    long Rejected,
    IReadOnlyList<string> RejectionSamples,
    ResourceReport Resources,
    IReadOnlyList<ProgressSample> Timeline,
    FloodReport? Flood = null);

/// <summary>
/// Telemetry sent in the measured window and what came of it. Delivered: seen come out the other
/// side (for the gateway: reflected in a state publication of the message or a later one of the
/// same device) by the end of the run. Delivered per second: deliveries seen inside the window,
/// the throughput the other side sustained. Lost: sent in the window and never seen delivered.
/// </summary>
public sealed record TelemetryReport(
    long SentTotal,
    long Sent,
    double SentPerSecond,
    long BehindSchedule,
    long PublishFailures,
    long Delivered,
    double DeliveredPerSecond,
    long Coalesced,
    long Lost,
    long Publications,
    double PublicationsPerSecond,
    long StalePublications,
    long UnmarkedPublications,
    double MeanSentBytes,
    double MeanPublicationBytes,
    LatencySummary Latency);

/// <summary>HTTP commands with ?wait=true: the API's answers and what the simulated devices did.</summary>
public sealed record CommandReport(
    long Issued,
    long Acknowledged,
    long TimedOut,
    long AcknowledgedButTimedOut,
    long IgnoredButAcknowledged,
    long Errors,
    long Skipped,
    long Unsettled,
    long DeliveredToDevices,
    long AcknowledgedByDevices,
    long IgnoredByDevices,
    long UnreadableByDevices,
    LatencySummary AcknowledgedLatency,
    LatencySummary TimedOutLatency,
    IReadOnlyList<string> ErrorSamples);

/// <summary>
/// CPU in percent of one core, averaged over the measured window; memory as the peak resident size.
/// Machine busy cores counts every process; others is what neither the server nor the tool used.
/// </summary>
public sealed record ResourceReport(
    string? ServerProcess,
    double? ServerCpuPercent,
    double? ServerPeakRssMb,
    double ToolCpuPercent,
    double ToolPeakRssMb,
    double MachineBusyCores,
    double OtherProcessesBusyCores,
    string LoadAverageBefore,
    string LoadAverageAfter);
