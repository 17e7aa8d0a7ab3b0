using Gateway.Contracts.Json;

namespace Gateway.Contracts.Messages;

/// <summary>
/// Merges a JSON object into the desired state (a null value removes a key). The reply is the
/// resulting <see cref="Views.ShadowView"/>, or <see cref="DesiredInvalid"/>.
/// </summary>
public sealed record SetDesired(string EntityId, RawJson Desired) : IDeviceMessage;

public sealed record DesiredInvalid(string EntityId, IReadOnlyList<FieldError> Errors) : IGatewayMessage;
