using System.Collections.Concurrent;

namespace Gateway.CrashTest.Load;

/// <summary>
/// What one cycle sent and what the gateway promised, kept by every device as its answers come:
/// only a confirmation is checked after the restart, so it is recorded the moment the answer is read.
/// </summary>
public sealed class Ledger
{
    private const int RefusalsKept = 10;
    private readonly Dictionary<CheckKind, KindCounts> _counts = CheckKinds.All.ToDictionary(k => k, _ => new KindCounts());
    private readonly ConcurrentQueue<Confirmation> _confirmed = new();
    private readonly ConcurrentQueue<string> _refusals = new();

    public IReadOnlyCollection<Confirmation> Confirmed => _confirmed;

    /// <summary>The first refusals with their reasons: refusals are not losses, but many of them say the load is wrong.</summary>
    public IReadOnlyList<string> Refusals => _refusals.ToList();

    public KindCounts this[CheckKind kind] => _counts[kind];

    public void Sent(CheckKind kind) => _counts[kind].AddSent();

    public void Confirm(Confirmation confirmation)
    {
        _confirmed.Enqueue(confirmation);
        _counts[confirmation.Kind].AddConfirmed();
    }

    public void Refuse(CheckKind kind, CrashDevice device, string reason)
    {
        _counts[kind].AddRefused();
        if (_refusals.Count < RefusalsKept)
            _refusals.Enqueue($"{kind} {device.Kind}/{device.Id}: {reason}");
    }

    public void Unanswered(CheckKind kind) => _counts[kind].AddUnanswered();
}
