using Gateway.Contracts.Json;

namespace Gateway.Contracts.Messages;

/// <summary>
/// A command as its family's document spells it. The reply is <see cref="CommandSubmitted"/>
/// once the command is persisted, or <see cref="CommandInvalid"/> naming each bad field.
/// </summary>
public sealed record SubmitCommand(string EntityId, RawJson Command) : IDeviceMessage;

public sealed record CommandSubmitted(string EntityId, Views.CommandView Command) : IGatewayMessage;

public sealed record CommandInvalid(string EntityId, IReadOnlyList<FieldError> Errors) : IGatewayMessage;

public sealed record FieldError(string Field, string Message);
