namespace Gateway.Devices.Actors;

/// <summary>
/// How far behind this node's device actors are, the two ways a flood piles up in a node:
/// <list type="bullet">
/// <item>in time: the age, since the ingress received it, of the device message one of them handled
/// last. It counts every queue on the way (the shard region's, the shards', the device's mailbox, a
/// remote hop, a thread pool with no thread free), which no mailbox count sees whole;</item>
/// <item>in journal writes: the entries they have applied and handed to the journal without waiting
/// (telemetry under <c>persist = each</c>, a coalesced window, a shadow update), which wait in the
/// journal's queue when it writes slower than devices send.</item>
/// </list>
/// While either is past its limit (<c>gateway.mqtt.max-input-lag</c>, <c>gateway.mqtt.max-backlog</c>),
/// or the process's managed heap is past <c>gateway.mqtt.max-heap-share</c> of what the runtime may
/// use (its heap limit: a container's memory limit, <c>DOTNET_GCHeapHardLimit</c>), the ingress
/// drops QoS 0 device messages at the door, so the flood is shed instead of queued: memory stays
/// under the operator's bound, the backlog drains, and what is let in afterwards is handled at once.
/// </summary>
public sealed class DeviceBacklog : IExtension, IDisposable
{
    public const string LagSetting = "gateway.mqtt.max-input-lag";
    public const string WritesSetting = "gateway.mqtt.max-backlog";
    public const string HeapSetting = "gateway.mqtt.max-heap-share";

    /// <summary>The reasons <see cref="Behind"/> gives, as the drop counter tags them.</summary>
    public const string Lag = "lag", Backlog = "backlog", Memory = "memory";

    // The heap is read on a timer, not per message: a flood fills it in seconds, not microseconds.
    private static readonly TimeSpan HeapCheckInterval = TimeSpan.FromMilliseconds(100);

    private readonly long _maxLagMs;
    private readonly Timer _heapCheck;
    private long _lagMs;
    private long _observedAt;
    private long _writesBehind;
    private volatile bool _heapFull;

    public DeviceBacklog(TimeSpan maxLag, int maxWritesBehind, double maxHeapShare)
    {
        if (maxLag <= TimeSpan.Zero)
            throw new ArgumentException($"{LagSetting} must be longer than zero, not {maxLag}");
        if (maxWritesBehind <= 0)
            throw new ArgumentException($"{WritesSetting} must be at least 1, not {maxWritesBehind}");
        if (maxHeapShare is <= 0 or > 1)
            throw new ArgumentException($"{HeapSetting} must be a share above 0 and at most 1, not {maxHeapShare}");
        MaxLag = maxLag;
        MaxWritesBehind = maxWritesBehind;
        _maxLagMs = (long)maxLag.TotalMilliseconds;
        MaxHeapBytes = (long)(maxHeapShare * GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        _heapCheck = new Timer(_ => _heapFull = GC.GetTotalMemory(forceFullCollection: false) > MaxHeapBytes, null, HeapCheckInterval, HeapCheckInterval);
    }

    public static DeviceBacklog Get(ActorSystem system) => system.WithExtension<DeviceBacklog, DeviceBacklogProvider>();

    public TimeSpan MaxLag { get; }

    public int MaxWritesBehind { get; }

    /// <summary>The managed heap past which QoS 0 is dropped: the share of what the runtime may use.</summary>
    public long MaxHeapBytes { get; }

    /// <summary>A device actor handles a message received at <paramref name="receivedAt"/>; on the hot path, so two plain writes.</summary>
    public void Observe(DateTimeOffset receivedAt)
    {
        Volatile.Write(ref _lagMs, (DateTimeOffset.UtcNow - receivedAt).Ticks / TimeSpan.TicksPerMillisecond);
        Volatile.Write(ref _observedAt, Environment.TickCount64);
    }

    public void WriteStarted() => Interlocked.Increment(ref _writesBehind);

    /// <summary><paramref name="count"/> writes are done, or will never be (their actor stopped on a failed write).</summary>
    public void WritesDone(int count = 1) => Interlocked.Add(ref _writesBehind, -count);

    /// <summary>
    /// Why QoS 0 device messages are to be dropped now (<see cref="Lag"/>, <see cref="Backlog"/> or
    /// <see cref="Memory"/>), or null. The lag counts only while it is fresh: once the actors have had
    /// nothing to handle for that long, whatever was queued is gone (everything new being dropped),
    /// so new messages are let in again rather than waiting for one to measure.
    /// </summary>
    public string? Behind =>
        Volatile.Read(ref _writesBehind) > MaxWritesBehind ? Backlog
        : _heapFull ? Memory
        : Volatile.Read(ref _lagMs) > _maxLagMs && Environment.TickCount64 - Volatile.Read(ref _observedAt) <= _maxLagMs ? Lag
        : null;

    /// <summary>What a reason <see cref="Behind"/> gave means, with the setting behind it, for the log.</summary>
    public string Explain(string reason) => reason switch
    {
        Lag => $"this node's device actors are handling messages received more than {MaxLag.TotalMilliseconds:0} ms ago ({LagSetting})",
        Backlog => $"more than {MaxWritesBehind} of this node's journal writes are waiting ({WritesSetting})",
        Memory => $"the managed heap is past {MaxHeapBytes / 1024 / 1024} MB, its share of what the runtime may use ({HeapSetting})",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "not a reason DeviceBacklog.Behind gives"),
    };

    public void Dispose() => _heapCheck.Dispose();
}

public sealed class DeviceBacklogProvider : ExtensionIdProvider<DeviceBacklog>
{
    // An actor system without the gateway's configuration (a unit test's) gets the shipped defaults.
    public override DeviceBacklog CreateExtension(ExtendedActorSystem system)
    {
        var config = system.Settings.Config;
        var backlog = new DeviceBacklog(config.HasPath(DeviceBacklog.LagSetting) ? config.GetTimeSpan(DeviceBacklog.LagSetting) : TimeSpan.FromMilliseconds(500),
            config.HasPath(DeviceBacklog.WritesSetting) ? config.GetInt(DeviceBacklog.WritesSetting) : 10_000,
            config.HasPath(DeviceBacklog.HeapSetting) ? config.GetDouble(DeviceBacklog.HeapSetting) : 0.8);
        system.RegisterOnTermination(backlog.Dispose);
        return backlog;
    }
}
