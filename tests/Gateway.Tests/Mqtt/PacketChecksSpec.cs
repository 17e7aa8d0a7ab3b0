using System.Buffers;
using System.Text;
using Gateway.Mqtt.Listeners;
using Xunit;

namespace Gateway.Tests.Mqtt;

/// <summary>
/// What the listener's guard checks in a packet before MQTTnet reads it: the fixed header's flags
/// (MQTT-2.2.2-2, MQTT-3.3.1-4) and a PUBLISH topic's UTF-8 (MQTT-1.5.3-1, MQTT-1.5.4-2), whether
/// the topic arrived whole, in pieces, or spread over the pipe's segments.
/// </summary>
public sealed class PacketChecksSpec
{
    [Theory]
    [InlineData(0x30, true)] // PUBLISH QoS 0
    [InlineData(0x3B, true)] // PUBLISH DUP, QoS 1, retain
    [InlineData(0x36, false)] // PUBLISH QoS 3
    [InlineData(0x62, true)] // PUBREL
    [InlineData(0x60, false)]
    [InlineData(0x82, true)] // SUBSCRIBE
    [InlineData(0x80, false)]
    [InlineData(0xA2, true)] // UNSUBSCRIBE
    [InlineData(0xA0, false)]
    [InlineData(0xC0, true)] // PINGREQ
    [InlineData(0xC1, false)]
    [InlineData(0x10, true)] // CONNECT
    [InlineData(0x18, false)]
    [InlineData(0xE0, true)] // DISCONNECT
    [InlineData(0xE4, false)]
    public void Flags_are_those_mqtt_allows_the_type(byte first, bool allowed)
    {
        Assert.True(FixedHeader.TryRead(new ReadOnlySequence<byte>([first, 0x00]), out var header, out _));
        Assert.Equal(allowed, header.FlagsAllowed);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'a', (byte)'/', 0xC3, 0xA9 }, true)] // "a/é"
    [InlineData(new byte[] { (byte)'a', (byte)'/', 0xC3, 0x28 }, false)]
    [InlineData(new byte[] { (byte)'a', 0xED, 0xA0, 0x80 }, false)] // a UTF-16 surrogate encoded
    [InlineData(new byte[] { (byte)'a', 0x00, (byte)'b' }, false)]
    public void A_publish_topic_must_be_utf8_without_u0000_in_one_segment_or_several(byte[] topic, bool wellFormed)
    {
        var packet = Publish(topic);
        Assert.Equal(wellFormed, Check(new ReadOnlySequence<byte>(packet)));
        for (var cut = 1; cut < packet.Length; cut++)
            Assert.Equal(wellFormed, Check(Segments(packet[..cut], packet[cut..])));
    }

    [Fact]
    public void A_topic_not_yet_all_there_passes_until_it_is()
    {
        var packet = Publish([(byte)'a', 0xC3, 0x28]);
        var topicEnd = 3 + 2 + 3;
        for (var received = 3; received < topicEnd; received++)
            Assert.True(Check(new ReadOnlySequence<byte>(packet[..received])));
        Assert.False(Check(new ReadOnlySequence<byte>(packet[..topicEnd])));
    }

    [Fact]
    public void A_long_topic_is_checked_too()
    {
        var topic = Encoding.UTF8.GetBytes(new string('x', 2000));
        topic[1500] = 0xFF;
        var packet = Publish(topic);
        Assert.False(Check(Segments(packet[..1000], packet[1000..])));
    }

    private static bool Check(ReadOnlySequence<byte> buffer)
    {
        Assert.True(FixedHeader.TryRead(buffer, out var header, out _));
        return PublishTopic.IsWellFormed(buffer, header);
    }

    /// <summary>A QoS 0 PUBLISH of <paramref name="topic"/> and a two-byte payload, with a two-byte remaining length.</summary>
    private static byte[] Publish(byte[] topic)
    {
        var remaining = 2 + topic.Length + 2;
        return [0x30, (byte)(remaining & 0x7F | 0x80), (byte)(remaining >> 7), (byte)(topic.Length >> 8), (byte)topic.Length, .. topic, (byte)'{', (byte)'}'];
    }

    internal static ReadOnlySequence<byte> Segments(byte[] first, byte[] second)
    {
        var head = new Segment(first, 0);
        var tail = head.Append(second);
        return new ReadOnlySequence<byte>(head, 0, tail, second.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
