using Gateway.Contracts.Events;
using Gateway.Contracts.Json;
using Gateway.Contracts.Views;

namespace Gateway.Devices.Commands;

/// <summary>One command's state inside its device actor, built only from journal events.</summary>
public sealed class TrackedCommand
{
    private readonly List<CommandAttemptView> _attempts = [];

    public TrackedCommand(CommandAccepted accepted)
    {
        CommandId = accepted.CommandId;
        Command = accepted.Command;
        CorrelationId = accepted.CorrelationId;
        Payload = accepted.Payload;
        AckTimeout = TimeSpan.FromMilliseconds(accepted.AckTimeoutMs);
        MaxAttempts = accepted.MaxAttempts;
        AcceptedAt = accepted.At;
        Status = CommandStatus.Pending;
    }

    public TrackedCommand(CommandView view)
    {
        CommandId = view.CommandId;
        Command = view.Command;
        CorrelationId = view.CorrelationId;
        Payload = view.Payload;
        AckTimeout = TimeSpan.FromMilliseconds(view.AckTimeoutMs);
        MaxAttempts = view.MaxAttempts;
        AcceptedAt = view.AcceptedAt;
        Status = view.Status;
        SettledAt = view.SettledAt;
        LateAcknowledgedAt = view.LateAcknowledgedAt;
        _attempts.AddRange(view.Attempts);
    }

    public string CommandId { get; }
    public string Command { get; }
    public string? CorrelationId { get; }
    public RawJson Payload { get; }
    public TimeSpan AckTimeout { get; }
    public int MaxAttempts { get; }
    public DateTimeOffset AcceptedAt { get; }
    public string Status { get; private set; }
    public DateTimeOffset? SettledAt { get; private set; }
    public DateTimeOffset? LateAcknowledgedAt { get; private set; }
    public IReadOnlyList<CommandAttemptView> Attempts => _attempts;

    public bool IsSettled => Status is CommandStatus.Acknowledged or CommandStatus.TimedOut;
    public int AttemptCount => _attempts.Count;
    public DateTimeOffset? LastSentAt => _attempts.Count == 0 ? null : _attempts[^1].SentAt;

    public void AttemptSent(CommandAttemptSent e)
    {
        _attempts.Add(new CommandAttemptView(e.Attempt, e.At));
        Status = CommandStatus.Sent;
    }

    /// <summary>The acknowledgement window passed and another attempt is due (not journaled: recovery derives it).</summary>
    public void AwaitRetry() => Status = CommandStatus.Pending;

    public void Acknowledged(DateTimeOffset at) => Settle(CommandStatus.Acknowledged, at);

    public void TimedOut(DateTimeOffset at) => Settle(CommandStatus.TimedOut, at);

    public void LateAcknowledged(DateTimeOffset at) => LateAcknowledgedAt ??= at;

    private void Settle(string status, DateTimeOffset at)
    {
        Status = status;
        SettledAt = at;
    }

    public CommandView ToView() =>
        new(CommandId, Command, CorrelationId, Status, AcceptedAt, SettledAt, (int)AckTimeout.TotalMilliseconds, MaxAttempts, _attempts.ToArray(), LateAcknowledgedAt, Payload);
}
