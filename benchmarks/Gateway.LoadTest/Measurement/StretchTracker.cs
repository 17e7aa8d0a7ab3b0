using System.Collections.Concurrent;
using System.Diagnostics;
using Gateway.LoadTest.Devices;
using MQTTnet;

namespace Gateway.LoadTest.Measurement;

/// <summary>
/// A flood run's telemetry by stretch (before, flood, after, then the drain) and by second from
/// the window's start. A message counts in the stretch and second it was sent in; a delivery seen
/// counts in the stretch and second it was seen in, so the drain has deliveries but sends nothing.
/// The stretches are whole seconds (see <see cref="Options.LoadOptions"/>), so each second lies in one.
/// </summary>
public sealed class StretchTracker
{
    // Per second, two significant digits: the table needs p50 and p99 to about 1 %, and a
    // three-digit histogram for each of a long flood's seconds would weigh megabytes in the tool.
    private const int SecondDigits = 2;

    private readonly MeasureWindow _window;
    private readonly int _windowSeconds;
    private readonly int[] _stretchOfSecond;

    /// <param name="drainSeconds">How many seconds after the window are counted: the longest the phase waits for the backlog.</param>
    public StretchTracker(MeasureWindow window, IReadOnlyList<Stretch> stretches, int drainSeconds)
    {
        _window = window;
        _stretchOfSecond = stretches.SelectMany((s, i) => Enumerable.Repeat(i, (int)s.Duration.TotalSeconds)).ToArray();
        _windowSeconds = _stretchOfSecond.Length;
        Stretches = stretches.Select(_ => new StretchCounter(3)).Append(new StretchCounter(3)).ToArray();
        Seconds = Enumerable.Range(0, _windowSeconds + drainSeconds).Select(_ => new StretchCounter(SecondDigits)).ToArray();
    }

    /// <summary>One counter per stretch, then one for the drain after the window.</summary>
    public IReadOnlyList<StretchCounter> Stretches { get; }

    /// <summary>One counter per second from the window's start, the drain's seconds after the window's.</summary>
    public IReadOnlyList<StretchCounter> Seconds { get; }

    /// <summary>The refusals of the messages sent in the window, by PUBACK reason code.</summary>
    public ConcurrentDictionary<MqttClientPublishReasonCode, long> RefusedBy { get; } = new();

    /// <summary>Whether a PUBACK says the message was taken: MQTT 5's reason codes below 0x80 are successes.</summary>
    public static bool Acknowledges(MqttClientPublishReasonCode code) => (int)code < 0x80;

    /// <summary>The stretch of second <paramref name="second"/>; the drain's is one past the last stretch.</summary>
    public int StretchOfSecond(int second) => second < _windowSeconds ? _stretchOfSecond[second] : Stretches.Count - 1;

    public void Sent(long now)
    {
        if (WindowSecond(now) is var s and >= 0)
        {
            Seconds[s].AddSent();
            Stretches[_stretchOfSecond[s]].AddSent();
        }
    }

    public void Seen(long now)
    {
        if (SecondAt(now) is not (var s and >= 0))
            return;
        Stretches[StretchOfSecond(s)].AddSeen();
        if (s < Seconds.Count)
            Seconds[s].AddSeen();
    }

    public void Reflected(long sentAt, long now, bool coalesced)
    {
        if (WindowSecond(sentAt) is var s and >= 0)
        {
            Seconds[s].AddReflected(sentAt, now, coalesced);
            Stretches[_stretchOfSecond[s]].AddReflected(sentAt, now, coalesced);
        }
    }

    public void Answered(long sentAt, MqttClientPublishReasonCode code)
    {
        if (WindowSecond(sentAt) is not (var s and >= 0))
            return;
        var acknowledged = Acknowledges(code);
        Seconds[s].AddAnswer(acknowledged);
        Stretches[_stretchOfSecond[s]].AddAnswer(acknowledged);
        if (!acknowledged)
            RefusedBy.AddOrUpdate(code, 1, static (_, n) => n + 1);
    }

    public void AcknowledgedReflected(long sentAt)
    {
        if (WindowSecond(sentAt) is var s and >= 0)
        {
            Seconds[s].AddAcknowledgedReflected();
            Stretches[_stretchOfSecond[s]].AddAcknowledgedReflected();
        }
    }

    /// <summary>The second of the window <paramref name="timestamp"/> falls in, or -1 outside the window.</summary>
    private int WindowSecond(long timestamp) => SecondAt(timestamp) is var s && s < _windowSeconds ? s : -1;

    /// <summary>Whole seconds from the window's start, or -1 before it (and before it is opened).</summary>
    private int SecondAt(long timestamp)
    {
        if (timestamp < _window.Start)
            return -1;
        var seconds = (timestamp - _window.Start) / Stopwatch.Frequency;
        return seconds > int.MaxValue ? int.MaxValue : (int)seconds;
    }
}
