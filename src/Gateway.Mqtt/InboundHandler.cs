namespace Gateway.Mqtt;

/// <summary>Called on the transport's receiving thread for each message; it must hand the message on and return, never wait.</summary>
public delegate void InboundHandler(in InboundMessage message);
