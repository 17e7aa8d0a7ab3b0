namespace Gateway.Mqtt;

/// <summary>
/// Called on the transport's receiving thread for each message; it hands the message on and
/// returns, never waits. For a QoS 1 device message the answer may still be to come: the
/// transport acknowledges the message once it completes, the one wait a handler causes, and for
/// that one message only.
/// </summary>
public delegate ValueTask<Receipt> InboundHandler(in InboundMessage message);
