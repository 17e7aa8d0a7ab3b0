using System.Buffers;

namespace Gateway.Mqtt.Listeners;

/// <summary>
/// An MQTT 5 PUBLISH's Topic Alias property and whether its topic is empty, read from the packet's
/// bytes before MQTTnet decodes it (MQTTnet maps any alias up to 65,535 and answers an unknown one
/// with a PUBACK, where MQTT ends the connection). Walks the properties without copying them.
/// </summary>
internal static class PublishAlias
{
    /// <summary>No Topic Alias property.</summary>
    public const int None = -1;

    /// <summary>
    /// <c>false</c> while the topic and properties are not all in <paramref name="buffer"/> yet (the
    /// next read, which starts at the same packet, tries again); otherwise <c>true</c> with the alias
    /// (or <see cref="None"/>, also for a malformed packet, which is MQTTnet's to refuse).
    /// </summary>
    public static bool TryRead(in ReadOnlySequence<byte> buffer, FixedHeader header, out int alias, out bool topicEmpty)
    {
        alias = None;
        topicEmpty = false;
        var whole = buffer.Length >= header.PacketBytes;
        var reader = new SequenceReader<byte>(whole ? buffer.Slice(0, header.PacketBytes) : buffer);
        reader.Advance(header.HeaderBytes);
        if (!reader.TryReadBigEndian(out short topicLength))
            return whole;
        topicEmpty = topicLength == 0;
        var qos = (header.Flags >> 1) & 0b11;
        if (!TrySkip(ref reader, (ushort)topicLength + (qos > 0 ? 2 : 0)) || !TryReadVariableInteger(ref reader, out var propertiesLength))
            return whole;
        if (reader.Remaining < propertiesLength)
            return whole;
        var end = reader.Consumed + propertiesLength;
        while (reader.Consumed < end)
        {
            if (!reader.TryRead(out var id) || !TrySkipProperty(ref reader, id, ref alias))
            {
                alias = None;
                return true;
            }
        }
        return true;
    }

    private static bool TrySkipProperty(ref SequenceReader<byte> reader, byte id, ref int alias)
    {
        switch (id)
        {
            case 0x01: // Payload Format Indicator
                return TrySkip(ref reader, 1);
            case 0x02: // Message Expiry Interval
                return TrySkip(ref reader, 4);
            case 0x23: // Topic Alias
                if (!reader.TryReadBigEndian(out short value))
                    return false;
                alias = (ushort)value;
                return true;
            case 0x03 or 0x08 or 0x09: // Content Type, Response Topic, Correlation Data
                return TrySkipPrefixed(ref reader);
            case 0x26: // User Property: a name and a value
                return TrySkipPrefixed(ref reader) && TrySkipPrefixed(ref reader);
            case 0x0B: // Subscription Identifier
                return TryReadVariableInteger(ref reader, out _);
            default:
                return false;
        }
    }

    private static bool TrySkipPrefixed(ref SequenceReader<byte> reader) =>
        reader.TryReadBigEndian(out short length) && TrySkip(ref reader, (ushort)length);

    private static bool TrySkip(ref SequenceReader<byte> reader, int count)
    {
        if (reader.Remaining < count)
            return false;
        reader.Advance(count);
        return true;
    }

    private static bool TryReadVariableInteger(ref SequenceReader<byte> reader, out int value)
    {
        value = 0;
        for (var i = 0; i < 4; i++)
        {
            if (!reader.TryRead(out var b))
                return false;
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
                return true;
        }
        return false;
    }
}
