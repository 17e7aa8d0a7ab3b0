namespace Gateway.Contracts.Messages;

/// <summary>Asks for a device's commands: every pending one and its most recent settled ones (<c>gateway.devices.command-history</c>).</summary>
public sealed record GetCommands(string EntityId) : IDeviceMessage;

/// <summary>A device's commands, newest first; empty for a device that was never sent one.</summary>
public sealed record CommandList(string EntityId, IReadOnlyList<Views.CommandView> Commands) : IGatewayMessage;
