namespace Gateway.Contracts.Messages;

/// <summary>Asks for one command's lifecycle; the reply is a <see cref="Views.CommandView"/> or <see cref="CommandNotFound"/>.</summary>
public sealed record GetCommandStatus(string EntityId, string CommandId) : IDeviceMessage;

/// <summary>
/// Answers with the command's <see cref="Views.CommandView"/> once it is settled (at once if it
/// already is), so a caller can wait for the outcome without polling.
/// </summary>
public sealed record AwaitCommandSettled(string EntityId, string CommandId) : IDeviceMessage;

public sealed record CommandNotFound(string EntityId, string CommandId) : IGatewayMessage;
