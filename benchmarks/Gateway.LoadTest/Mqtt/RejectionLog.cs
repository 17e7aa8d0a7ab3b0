using System.Text;

namespace Gateway.LoadTest.Mqtt;

/// <summary>
/// The gateway's refusals seen on gateway/rejected/#: a count, and the first few in full, since
/// one valid payload refused means the tool or the gateway has a bug worth reading about.
/// </summary>
public sealed class RejectionLog
{
    private const int SampleLimit = 5;
    private readonly Lock _gate = new();
    private readonly List<string> _samples = [];
    private long _count;

    public long Count => Volatile.Read(ref _count);

    public IReadOnlyList<string> Samples
    {
        get
        {
            lock (_gate)
                return _samples.ToArray();
        }
    }

    public void Add(string topic, ReadOnlySpan<byte> payload)
    {
        Interlocked.Increment(ref _count);
        lock (_gate)
        {
            if (_samples.Count < SampleLimit)
                _samples.Add($"{topic}: {Encoding.UTF8.GetString(payload[..Math.Min(payload.Length, 500)])}");
        }
    }
}
