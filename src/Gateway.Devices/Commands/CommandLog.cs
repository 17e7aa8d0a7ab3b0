using Gateway.Devices.Journal;
using Gateway.Contracts.Views;
using Gateway.Protocols;

namespace Gateway.Devices.Commands;

/// <summary>
/// A device's commands: every pending one, and the most recent settled ones up to a limit so
/// that a long-lived device does not grow without bound. Mutated only by journal events.
/// </summary>
public sealed class CommandLog(int historyLimit)
{
    private readonly Dictionary<string, TrackedCommand> _byId = new(StringComparer.Ordinal);
    private readonly List<TrackedCommand> _inOrder = [];

    public IEnumerable<TrackedCommand> Pending => _inOrder.Where(c => !c.IsSettled);
    public IEnumerable<TrackedCommand> NewestFirst => Enumerable.Reverse(_inOrder);
    public int PendingCount { get; private set; }

    public bool TryGet(string commandId, out TrackedCommand command) => _byId.TryGetValue(commandId, out command!);

    public TrackedCommand Accept(CommandAccepted e)
    {
        var command = new TrackedCommand(e);
        Add(command);
        return command;
    }

    public void Apply(CommandAttemptSent e)
    {
        if (_byId.TryGetValue(e.CommandId, out var c))
            c.AttemptSent(e);
    }

    public void Apply(CommandAcknowledged e) => Settle(e.CommandId, c => c.Answered(e));

    public void Apply(CommandTimedOut e) => Settle(e.CommandId, c => c.TimedOut(e.At));

    public void Apply(LateAcknowledgementRecorded e)
    {
        if (_byId.TryGetValue(e.CommandId, out var c))
            c.AnsweredLate(e);
    }

    /// <summary>
    /// The command an answer is for: by command id when the device echoed it (and, where the answer
    /// names its command, only if the names agree), else the oldest pending command of that name
    /// and correlation id, else the newest settled one (a late or duplicate answer, recorded once).
    /// </summary>
    public TrackedCommand? FindFor(CommandAcknowledgement ack)
    {
        if (ack.CommandId is not null)
            return _byId.TryGetValue(ack.CommandId, out var byId) && (ack.Command is null || byId.Command == ack.Command) ? byId : null;
        if (ack.CorrelationId is null)
            return null;
        TrackedCommand? settled = null;
        foreach (var c in _inOrder)
        {
            if (c.Command != ack.Command || c.CorrelationId != ack.CorrelationId)
                continue;
            if (!c.IsSettled)
                return c;
            settled = c;
        }
        return settled;
    }

    public IReadOnlyList<StoredCommand> ToSnapshot() => _inOrder.Select(c => c.ToStored()).ToList();

    public void Restore(IReadOnlyList<StoredCommand> commands)
    {
        _byId.Clear();
        _inOrder.Clear();
        PendingCount = 0;
        foreach (var stored in commands)
            Add(new TrackedCommand(stored));
    }

    private void Add(TrackedCommand command)
    {
        _byId[command.CommandId] = command;
        _inOrder.Add(command);
        if (!command.IsSettled)
            PendingCount++;
        Trim();
    }

    private void Settle(string commandId, Action<TrackedCommand> settle)
    {
        if (!_byId.TryGetValue(commandId, out var c) || c.IsSettled)
            return;
        settle(c);
        PendingCount--;
        Trim();
    }

    // Drops the oldest settled commands past the limit; pending ones are never dropped.
    private void Trim()
    {
        var excess = _inOrder.Count - PendingCount - historyLimit;
        for (var i = 0; excess > 0 && i < _inOrder.Count;)
        {
            if (_inOrder[i].IsSettled)
            {
                _byId.Remove(_inOrder[i].CommandId);
                _inOrder.RemoveAt(i);
                excess--;
            }
            else
            {
                i++;
            }
        }
    }
}
