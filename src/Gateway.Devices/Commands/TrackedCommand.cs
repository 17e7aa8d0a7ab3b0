using Gateway.Devices.Journal;
using Gateway.Contracts.Json;
using Gateway.Contracts.Views;
using Gateway.Protocols;

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
        PublishedBy = accepted.PublishedBy;
        Status = CommandStatus.Pending;
    }

    public TrackedCommand(StoredCommand stored)
    {
        CommandId = stored.CommandId;
        Command = stored.Command;
        CorrelationId = stored.CorrelationId;
        Payload = stored.Payload;
        AckTimeout = TimeSpan.FromMilliseconds(stored.AckTimeoutMs);
        MaxAttempts = stored.MaxAttempts;
        AcceptedAt = stored.AcceptedAt;
        Status = stored.Status;
        SettledAt = stored.SettledAt;
        LateAcknowledgedAt = stored.LateAcknowledgedAt;
        Error = stored.Error;
        Response = stored.Response;
        PublishedBy = stored.PublishedBy;
        _attempts.AddRange(stored.Attempts.Select(a => new CommandAttemptView(a.Attempt, a.SentAt)));
    }

    public string CommandId { get; }
    public string Command { get; }
    public string? CorrelationId { get; }
    public RawJson Payload { get; }
    public TimeSpan AckTimeout { get; }
    public int MaxAttempts { get; }
    public DateTimeOffset AcceptedAt { get; }
    /// <summary>The MQTT client whose own publication of the command was its first attempt; null when the gateway sent them all.</summary>
    public string? PublishedBy { get; }
    public string Status { get; private set; }
    public DateTimeOffset? SettledAt { get; private set; }
    public DateTimeOffset? LateAcknowledgedAt { get; private set; }
    public string? Error { get; private set; }
    public RawJson? Response { get; private set; }
    public IReadOnlyList<CommandAttemptView> Attempts => _attempts;

    public bool IsSettled => Status is CommandStatus.Acknowledged or CommandStatus.Failed or CommandStatus.TimedOut;
    public int AttemptCount => _attempts.Count;
    public DateTimeOffset? LastSentAt => _attempts.Count == 0 ? null : _attempts[^1].SentAt;

    public void AttemptSent(CommandAttemptSent e)
    {
        _attempts.Add(new CommandAttemptView(e.Attempt, e.At));
        Status = CommandStatus.Sent;
    }

    /// <summary>The acknowledgement window passed and another attempt is due (not journaled: recovery derives it).</summary>
    public void AwaitRetry() => Status = CommandStatus.Pending;

    public void Answered(CommandAcknowledged e)
    {
        Settle(e.Success ? CommandStatus.Acknowledged : CommandStatus.Failed, e.At);
        Error = e.Error;
        Response = e.Response;
    }

    public void TimedOut(DateTimeOffset at) => Settle(CommandStatus.TimedOut, at);

    /// <summary>The first answer after settling is kept against the command; later ones change nothing.</summary>
    public void AnsweredLate(LateAcknowledgementRecorded e)
    {
        if (LateAcknowledgedAt is not null)
            return;
        LateAcknowledgedAt = e.At;
        Error ??= e.Error;
        Response ??= e.Response;
    }

    private void Settle(string status, DateTimeOffset at)
    {
        Status = status;
        SettledAt = at;
    }

    public CommandView ToView(CommandStatusNames names) =>
        new(CommandId, Command, CorrelationId, ToView(Status, names), AcceptedAt, SettledAt, (int)AckTimeout.TotalMilliseconds, MaxAttempts,
            _attempts.ToArray(), LateAcknowledgedAt, Payload, Error, Response, IsSettled ? Status : null, PublishedBy);

    /// <summary>The command as a snapshot keeps it, with the gateway's own status names.</summary>
    public StoredCommand ToStored() =>
        new(CommandId, Command, CorrelationId, Status, AcceptedAt, SettledAt, (int)AckTimeout.TotalMilliseconds, MaxAttempts,
            _attempts.Select(a => new StoredCommandAttempt(a.Attempt, a.SentAt)).ToArray(), LateAcknowledgedAt, Payload, Error, Response, PublishedBy);

    private static string ToView(string status, CommandStatusNames names) => status switch
    {
        CommandStatus.Acknowledged => names.Acknowledged,
        CommandStatus.Failed => names.Failed,
        CommandStatus.TimedOut => names.TimedOut,
        _ => status,
    };

}
