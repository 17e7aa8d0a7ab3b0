namespace Gateway.Contracts.Messages;

/// <summary>Starts a device actor so that it resumes its pending commands after a restart.</summary>
public sealed record WakeDevice(string EntityId) : IDeviceMessage;
