using Gateway.Contracts.Json;

namespace Gateway.Contracts.Messages;

/// <summary>
/// A command as its family's document spells it. The reply is <see cref="CommandSubmitted"/>
/// once the command is persisted, or <see cref="CommandInvalid"/> naming each bad field.
/// </summary>
public sealed record SubmitCommand(string EntityId, RawJson Command) : IDeviceMessage;

public sealed record CommandSubmitted(string EntityId, Views.CommandView Command) : IGatewayMessage;

public sealed record CommandInvalid(string EntityId, IReadOnlyList<FieldError> Errors) : IGatewayMessage
{
    /// <summary>The errors on one line, for a log, a rejection or a reason string.</summary>
    public string Describe() => FieldError.Join(Errors);
}

public sealed record FieldError(string Field, string Message)
{
    /// <summary>Errors on one line ("field: message; field: message"), for a log, a rejection or a reason string.</summary>
    public static string Join(IEnumerable<FieldError> errors) => string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"));
}
