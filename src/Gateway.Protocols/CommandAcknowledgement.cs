namespace Gateway.Protocols;

/// <summary>
/// What a device said when it acknowledged: the command name and whichever of the gateway's
/// command id and the family's correlation id (a drone's mission id) it carried.
/// </summary>
public readonly record struct CommandAcknowledgement(string Command, string? CommandId, string? CorrelationId);
