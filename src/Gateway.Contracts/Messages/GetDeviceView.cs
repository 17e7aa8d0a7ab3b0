namespace Gateway.Contracts.Messages;

/// <summary>Asks for the device view; the reply is a <see cref="Views.DeviceView"/> or <see cref="DeviceNotFound"/>.</summary>
public sealed record GetDeviceView(string EntityId) : IDeviceMessage;

/// <summary>The device has never sent or been sent anything.</summary>
public sealed record DeviceNotFound(string EntityId) : IGatewayMessage;
