namespace Gateway.Mqtt;

/// <summary>
/// What a transport answers the sender of a QoS 1 message (its PUBACK), as the handlers decided:
/// a device message is taken only once it is journaled (or inside its family's documented
/// telemetry window). A message refused for its content is taken too: the family's rejection
/// topic is the one way a refusal is told, and sending it again would not help; a command a
/// backend published is the exception (<see cref="Refuse"/>).
/// </summary>
public readonly record struct Receipt(string? NotTakenBecause, bool Overloaded = false, bool Refused = false)
{
    public static Receipt Taken => default;

    /// <summary>Not journaled (the write failed, or did not finish in time): the sender must send it again.</summary>
    public static Receipt NotTaken(string reason) => new(reason);

    /// <summary>Not even tried, because this node has as many messages waiting for the journal as it takes (MQTT 5: quota exceeded).</summary>
    public static Receipt Busy(string reason) => new(reason, Overloaded: true);

    /// <summary>
    /// A command refused for its content (told on the rejection topic as well): not to be passed
    /// to the device, where the broker can hold it back, nor sent again (MQTT 5: payload format invalid).
    /// </summary>
    public static Receipt Refuse(string reason) => new(reason, Refused: true);

    public bool IsTaken => NotTakenBecause is null;

    /// <summary>Of two handlers' answers, the one the sender must hear.</summary>
    public static Receipt Worse(Receipt a, Receipt b) => a.IsTaken ? b : a;
}
