using System.Diagnostics;
using Gateway.LoadTest.Devices;
using MQTTnet;

namespace Gateway.LoadTest.Measurement;

/// <summary>
/// Follows every device's telemetry through one phase: the publishers number each device's
/// messages and note when each was sent; the observer reports each mark it sees come back.
/// A gateway may coalesce state publications, so there a publication reflecting message n also
/// delivers the device's earlier messages not yet seen, each with its own latency; a plain
/// broker relays every message, so there a skipped sequence number is a lost message.
/// In a flood run it also counts by stretch and second (<see cref="StretchTracker"/>), and keeps
/// each message's fate, so a QoS 1 message acknowledged and never reflected is found whichever of
/// its PUBACK and its reflection the tool sees first.
/// </summary>
public sealed class TelemetryTracker
{
    // Send times kept per device for the coalesced case; 1024 messages is far more than a device
    // sends within any latency this tool can report usefully.
    private const int RingSize = 1024;
    private const int RingMask = RingSize - 1;

    // A message's fate in a flood run: its PUBACK or its reflection, whichever comes first, moves it
    // out of Pending; the second of the two sees the first's mark.
    private const byte Pending = 0;
    private const byte Acknowledged = 1;
    private const byte Refused = 2;
    private const byte Reflected = 3;

    private readonly Track[] _tracks;
    private readonly MeasureWindow _window;
    private readonly bool _gapsAreCoalesced;
    private readonly StretchTracker? _stretches;
    private long _sent;
    private long _sentBytes;
    private long _publicationBytes;
    private long _sentMeasured;
    private long _publications;
    private long _deliveredMeasured;
    private long _deliveredDuringWindow;
    private long _coalescedMeasured;
    private long _stale;

    public TelemetryTracker(int devices, MeasureWindow window, bool gapsAreCoalesced, StretchTracker? stretches = null)
    {
        _tracks = new Track[devices];
        for (var i = 0; i < devices; i++)
            _tracks[i] = new Track(fates: stretches is not null);
        _window = window;
        _gapsAreCoalesced = gapsAreCoalesced;
        _stretches = stretches;
    }

    public LatencyHistogram Latency { get; } = new();

    /// <summary>Messages sent, warm-up included.</summary>
    public long Sent => Volatile.Read(ref _sent);

    public long SentMeasured => Volatile.Read(ref _sentMeasured);

    /// <summary>Payload bytes of all messages sent and of all marked publications seen: the gateway's state publications are whole device views.</summary>
    public (long Sent, long Seen) PayloadBytes => (Volatile.Read(ref _sentBytes), Volatile.Read(ref _publicationBytes));

    /// <summary>Publications seen that carry a mark of this run (gateway state publications or relayed messages), repeats included.</summary>
    public long Publications => Volatile.Read(ref _publications);

    /// <summary>Messages sent in the window whose delivery was seen.</summary>
    public long DeliveredMeasured => Volatile.Read(ref _deliveredMeasured);

    /// <summary>
    /// Messages (sent whenever) whose delivery was seen inside the window: the rate the other side
    /// actually sustained, which under overload is lower than what was sent and eventually delivered.
    /// </summary>
    public long DeliveredDuringWindow => Volatile.Read(ref _deliveredDuringWindow);

    /// <summary>Of those, the ones seen only through a publication of a later message of the device.</summary>
    public long CoalescedMeasured => Volatile.Read(ref _coalescedMeasured);

    /// <summary>Publications that reflected nothing new (a repeat of the device's state, e.g. after a command settled).</summary>
    public long Stale => Volatile.Read(ref _stale);

    /// <summary>Called by the device's connection (one publisher per device): the mark for its next message.</summary>
    public TelemetryMark Next(int device)
    {
        var track = _tracks[device];
        var seq = track.LastSent + 1;
        var now = Stopwatch.GetTimestamp();
        track.SentAt[seq & RingMask] = now;
        if (track.Fates is { } fates)
            Volatile.Write(ref fates[seq & RingMask], Pending);
        Volatile.Write(ref track.LastSent, seq);
        Interlocked.Increment(ref _sent);
        if (_window.Contains(now))
            Interlocked.Increment(ref _sentMeasured);
        _stretches?.Sent(now);
        return new TelemetryMark(device, seq, now);
    }

    /// <summary>Called by the publisher with a QoS 1 message's PUBACK reason code.</summary>
    public void Answered(TelemetryMark mark, MqttClientPublishReasonCode code)
    {
        if (_stretches is null)
            return;
        _stretches.Answered(mark.SentAt, code);
        var acknowledged = StretchTracker.Acknowledges(code);
        var track = _tracks[mark.Device];
        if (mark.Seq <= Volatile.Read(ref track.LastSent) - RingSize)
            return;
        if (Interlocked.CompareExchange(ref track.Fates![mark.Seq & RingMask], acknowledged ? Acknowledged : Refused, Pending) == Reflected && acknowledged)
            _stretches.AcknowledgedReflected(mark.SentAt);
    }

    /// <summary>Called by the publisher once the payload of a message is written.</summary>
    public void Written(int bytes) => Interlocked.Add(ref _sentBytes, bytes);

    /// <summary>Called by the observer, from one thread, for each publication carrying a mark.</summary>
    public void Observe(TelemetryMark mark, long now, long bytes)
    {
        Interlocked.Increment(ref _publications);
        Interlocked.Add(ref _publicationBytes, bytes);
        // Only another run of the tool, with more devices, publishing on a shared topic
        // (wardragon/system) could send an index beyond this fleet.
        if ((uint)mark.Device >= (uint)_tracks.Length)
            return;
        var track = _tracks[mark.Device];
        if (mark.Seq <= track.LastSeen)
        {
            Interlocked.Increment(ref _stale);
            return;
        }
        if (_gapsAreCoalesced)
        {
            var lastSent = Volatile.Read(ref track.LastSent);
            for (var seq = Math.Max(track.LastSeen + 1, lastSent - RingSize + 1); seq < mark.Seq; seq++)
                Deliver(track, seq, track.SentAt[seq & RingMask], now, coalesced: true);
        }
        Deliver(track, mark.Seq, mark.SentAt, now, coalesced: false);
        Volatile.Write(ref track.LastSeen, mark.Seq);
    }

    /// <summary>Whether the last message of every device has been seen (or one after it, which cannot happen).</summary>
    public bool AllSeen() => _tracks.All(t => Volatile.Read(ref t.LastSeen) >= Volatile.Read(ref t.LastSent));

    private void Deliver(Track track, long seq, long sentAt, long now, bool coalesced)
    {
        if (_window.Contains(now))
            Interlocked.Increment(ref _deliveredDuringWindow);
        if (_stretches is not null)
            Settle(track, seq, sentAt, now, coalesced, _stretches);
        if (!_window.Contains(sentAt))
            return;
        Interlocked.Increment(ref _deliveredMeasured);
        if (coalesced)
            Interlocked.Increment(ref _coalescedMeasured);
        Latency.RecordSince(sentAt, now);
    }

    private static void Settle(Track track, long seq, long sentAt, long now, bool coalesced, StretchTracker stretches)
    {
        stretches.Seen(now);
        stretches.Reflected(sentAt, now, coalesced);
        // A message more than a ring behind has had its slot taken by a later one.
        if (seq <= Volatile.Read(ref track.LastSent) - RingSize)
            return;
        if (Interlocked.Exchange(ref track.Fates![seq & RingMask], Reflected) == Acknowledged)
            stretches.AcknowledgedReflected(sentAt);
    }

    private sealed class Track(bool fates)
    {
        public readonly long[] SentAt = new long[RingSize];
        public readonly byte[]? Fates = fates ? new byte[RingSize] : null;
        public long LastSent;
        public long LastSeen;
    }
}
