using Gateway.Contracts.Messages;

namespace Gateway.Protocols;

/// <summary>
/// The outcome of validating a command: either the errors, each naming its field, or what the
/// gateway needs to track it (its name, its correlation id, its acknowledgement timeout when the
/// command sets its own, and the command id when the caller chose one, which makes resubmitting
/// the same command idempotent).
/// </summary>
public sealed record CommandValidation(string? Command, string? CorrelationId, int? AckTimeoutMs, IReadOnlyList<FieldError> Errors, string? RequestedId = null)
{
    public bool IsValid => Errors.Count == 0;

    public static CommandValidation Invalid(IReadOnlyList<FieldError> errors) => new(null, null, null, errors);
}
