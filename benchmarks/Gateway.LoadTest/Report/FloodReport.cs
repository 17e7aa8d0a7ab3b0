using Gateway.LoadTest.Measurement;

namespace Gateway.LoadTest.Report;

/// <summary>
/// A flood run's phase: each stretch (before, flood, after, then the drain until nothing more
/// arrived), each second from the window's start, how long latency took to come back after the
/// flood, the server's peak resident memory over all of it, and at QoS 1 the PUBACK reason codes
/// of the messages refused.
/// </summary>
public sealed record FloodReport(
    IReadOnlyList<StretchReport> Stretches,
    IReadOnlyList<SecondReport> Seconds,
    RecoveryReport Recovery,
    double? ServerPeakRssMb,
    IReadOnlyDictionary<string, long>? RefusedBy);

/// <summary>
/// One stretch. Sent, reflected and latency are of the messages sent in it, whenever they were
/// reflected; delivered per second counts the deliveries seen while it lasted (of messages sent
/// whenever), the rate the target sustained. Coalesced: reflected only by a later message of the
/// device, which the state cannot tell from a message dropped. Lost (QoS 0, before and after): sent and never
/// reflected; in the flood a QoS 0 message may be dropped on purpose, so none is called lost there.
/// At QoS 1: acknowledged (PUBACK below 0x80), acknowledged but never reflected (lost: must be 0),
/// refused (PUBACK 0x80 or above: the device is to send it again), and no PUBACK at all.
/// </summary>
public sealed record StretchReport(
    string Name,
    double? AskedRate,
    double Seconds,
    long Sent,
    double SentPerSecond,
    double DeliveredPerSecond,
    long Reflected,
    long Coalesced,
    long NotReflected,
    long? Lost,
    long? Acknowledged,
    long? AcknowledgedButLost,
    long? Refused,
    long? Unanswered,
    LatencySummary Latency,
    double? ServerCpuPercent,
    double? ServerPeakRssMb);

/// <summary>
/// One second from the window's start: messages sent in it, deliveries seen in it, how many of its
/// messages were never reflected (at QoS 1, how many were refused), the latency of its messages,
/// and the server's resident memory at its end.
/// </summary>
public sealed record SecondReport(
    int Second,
    string Stretch,
    long Sent,
    long Delivered,
    long NotReflected,
    long? Refused,
    double? P50Ms,
    double? P99Ms,
    double? ServerRssMb);

/// <summary>
/// Seconds from the flood's end until the first second of the after stretch from which every
/// second's p99 stays within <paramref name="BoundMs"/> = max(2 × before's p99, before's p99 + 50 ms);
/// a second whose messages were all unreflected is not within it. Not recovered when the last
/// second of the after stretch is still above the bound.
/// </summary>
public sealed record RecoveryReport(double BeforeP99Ms, double BoundMs, bool Recovered, double? Seconds, double AfterSeconds);
