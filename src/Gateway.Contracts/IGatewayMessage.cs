namespace Gateway.Contracts;

/// <summary>
/// Marker for every type that is persisted or can cross the network. HOCON binds it to
/// <see cref="Serialization.GatewaySerializer"/>, so none of them ever reaches Newtonsoft.
/// </summary>
public interface IGatewayMessage;

/// <summary>A message addressed to one device actor through the shard region.</summary>
public interface IDeviceMessage : IGatewayMessage
{
    string EntityId { get; }
}
