namespace Gateway.Contracts;

/// <summary>
/// Marker for every type that crosses the network between nodes and to client services. HOCON
/// binds it to <see cref="Serialization.GatewaySerializer"/>, so none of them ever reaches
/// Newtonsoft. What is journaled is not one of these: it has its own serializer in Gateway.Devices.
/// </summary>
public interface IGatewayMessage;

/// <summary>A message addressed to one device actor through the shard region.</summary>
public interface IDeviceMessage : IGatewayMessage
{
    string EntityId { get; }
}
