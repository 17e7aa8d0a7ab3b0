using System.Buffers;
using System.Text.Unicode;

namespace Gateway.Mqtt.Listeners;

/// <summary>
/// A PUBLISH's topic checked as MQTT requires before MQTTnet decodes it, since MQTTnet turns bytes
/// that are not UTF-8 into replacement characters and serves on (MQTT-1.5.3-1 and MQTT-1.5.4-2 close
/// the connection). Checked once the topic's bytes are all in the buffer; until then it passes, and
/// the next read, which starts at the same packet, checks it.
/// </summary>
internal static class PublishTopic
{
    private const int OnStack = 512;

    public static bool IsWellFormed(in ReadOnlySequence<byte> buffer, FixedHeader header)
    {
        if (buffer.Length < header.HeaderBytes + 2)
            return true;
        Span<byte> length = stackalloc byte[2];
        buffer.Slice(header.HeaderBytes, 2).CopyTo(length);
        var topicBytes = length[0] << 8 | length[1];
        // A topic longer than its packet is MQTTnet's to refuse (it does).
        if (header.HeaderBytes + 2 + topicBytes > header.PacketBytes || buffer.Length < header.HeaderBytes + 2 + topicBytes)
            return true;
        var topic = buffer.Slice(header.HeaderBytes + 2, topicBytes);
        if (topic.IsSingleSegment)
            return IsWellFormed(topic.FirstSpan);
        var rented = topicBytes > OnStack ? ArrayPool<byte>.Shared.Rent(topicBytes) : null;
        try
        {
            var copy = rented is null ? stackalloc byte[topicBytes] : rented.AsSpan(0, topicBytes);
            topic.CopyTo(copy);
            return IsWellFormed(copy);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool IsWellFormed(ReadOnlySpan<byte> topic) => Utf8.IsValid(topic) && !topic.Contains((byte)0);
}
