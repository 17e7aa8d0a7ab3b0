using System.Collections.Concurrent;

namespace Gateway.CrashTest.Load;

/// <summary>
/// What one cycle sent and what the gateway promised, kept by every device as its answers come:
/// only a confirmation is checked after the fault, so it is recorded the moment the answer is read.
/// </summary>
public sealed class Ledger
{
    private const int ExamplesKept = 10;
    private readonly Dictionary<CheckKind, KindCounts> _counts = CheckKinds.All.ToDictionary(k => k, _ => new KindCounts());
    private readonly ConcurrentQueue<Confirmation> _confirmed = new();
    private readonly ConcurrentQueue<string> _refusals = new();
    private readonly ConcurrentQueue<string> _notNow = new();
    private readonly ConcurrentDictionary<string, long> _notNowByCode = new();
    private long _lastNotNowTicks;

    public IReadOnlyCollection<Confirmation> Confirmed => _confirmed;

    /// <summary>The first refusals with their reasons: refusals are not losses, but many of them say the load is wrong.</summary>
    public IReadOnlyList<string> Refusals => _refusals.ToList();

    /// <summary>The first "not now" answers with their reasons: what a device or client was told during an outage.</summary>
    public IReadOnlyList<string> NotNowExamples => _notNow.ToList();

    /// <summary>The "not now" answers by code and reason: <c>HTTP 503: {problem title}</c>, <c>PUBACK UnspecifiedError: {reason}</c> (0x80), <c>PUBACK QuotaExceeded: {reason}</c> (0x97).</summary>
    public IReadOnlyDictionary<string, long> NotNowByCode => new SortedDictionary<string, long>(_notNowByCode);

    /// <summary>When the last "not now" answer came (UTC): until then the gateway was still refusing writes, whatever <c>/readyz</c> said.</summary>
    public DateTime? LastNotNow => Interlocked.Read(ref _lastNotNowTicks) is > 0 and var ticks ? new DateTime(ticks, DateTimeKind.Utc) : null;

    public KindCounts this[CheckKind kind] => _counts[kind];

    public void Sent(CheckKind kind) => _counts[kind].AddSent();

    public void Confirm(Confirmation confirmation, bool afterResend)
    {
        _confirmed.Enqueue(confirmation);
        _counts[confirmation.Kind].AddConfirmed();
        if (afterResend)
            _counts[confirmation.Kind].AddTakenOnResend();
    }

    public void Refuse(CheckKind kind, CrashDevice device, string reason)
    {
        _counts[kind].AddRefused();
        Keep(_refusals, $"{kind} {device.Kind}/{device.Id}: {reason}");
    }

    public void RetryLater(CheckKind kind, CrashDevice device, Answer answer)
    {
        _counts[kind].AddRetryLater(answer.RetryAfter is not null);
        _notNowByCode.AddOrUpdate(answer.NotNowCode!, 1, (_, n) => n + 1);
        var now = DateTime.UtcNow.Ticks;
        for (var last = Interlocked.Read(ref _lastNotNowTicks); last < now; last = Interlocked.Read(ref _lastNotNowTicks))
        {
            if (Interlocked.CompareExchange(ref _lastNotNowTicks, now, last) == last)
                break;
        }
        Keep(_notNow, $"{kind} {device.Kind}/{device.Id}: {answer.Reason}{(answer.RetryAfter is { } after ? $" (Retry-After {after.TotalSeconds:0} s)" : "")}");
    }

    public void Unanswered(CheckKind kind) => _counts[kind].AddUnanswered();

    private static void Keep(ConcurrentQueue<string> examples, string example)
    {
        if (examples.Count < ExamplesKept)
            examples.Enqueue(example);
    }
}
