using System.Buffers;

namespace Gateway.Mqtt.Listeners;

/// <summary>
/// An MQTT packet's fixed header: its type, its flags (the first byte's low four bits), its own
/// length and the packet's whole length as its remaining-length field claims.
/// </summary>
internal readonly record struct FixedHeader(byte Type, byte Flags, int HeaderBytes, long PacketBytes)
{
    public const byte Connect = 1, Publish = 3;

    /// <summary>
    /// Reads the header at the start of <paramref name="buffer"/> without copying the packet:
    /// <c>true</c> with the header when its up to five bytes are there, <c>false</c> when more are
    /// needed; <paramref name="malformed"/> when the length field runs past four bytes, as MQTT forbids.
    /// </summary>
    public static bool TryRead(in ReadOnlySequence<byte> buffer, out FixedHeader header, out bool malformed)
    {
        header = default;
        malformed = false;
        Span<byte> bytes = stackalloc byte[5];
        var available = (int)Math.Min(buffer.Length, bytes.Length);
        if (available < 2)
            return false;
        buffer.Slice(0, available).CopyTo(bytes);
        long remaining = 0;
        for (var i = 1; i < available; i++)
        {
            remaining |= (long)(bytes[i] & 0x7F) << (7 * (i - 1));
            if ((bytes[i] & 0x80) == 0)
            {
                header = new FixedHeader((byte)(bytes[0] >> 4), (byte)(bytes[0] & 0x0F), i + 1, i + 1 + remaining);
                return true;
            }
        }
        malformed = available == bytes.Length;
        return false;
    }

    /// <summary>
    /// The flags MQTT allows this type (MQTT-2.2.2-2: anything else closes the connection): a
    /// PUBLISH's are its own, except QoS 3 (MQTT-3.3.1-4); PUBREL, SUBSCRIBE and UNSUBSCRIBE carry
    /// 0010; every other type 0000.
    /// </summary>
    public bool FlagsAllowed => Type switch
    {
        Publish => (Flags & 0b0110) != 0b0110,
        6 or 8 or 10 => Flags == 0b0010,
        _ => Flags == 0,
    };
}
