using System.Buffers;
using Gateway.Mqtt.Listeners;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using Xunit;

namespace Gateway.Tests.Mqtt;

/// <summary>
/// The Topic Alias the listener's guard reads from an MQTT 5 PUBLISH's bytes, here as MQTTnet's own
/// encoder writes them, whatever other properties come before it, and whether the bytes arrive
/// whole, in pieces or spread over the pipe's segments.
/// </summary>
public sealed class PublishAliasSpec
{
    [Theory]
    [InlineData("a/b", (ushort)0, MqttQualityOfServiceLevel.AtMostOnce, PublishAlias.None, false)]
    [InlineData("a/b", (ushort)7, MqttQualityOfServiceLevel.AtLeastOnce, 7, false)]
    [InlineData("", (ushort)300, MqttQualityOfServiceLevel.AtLeastOnce, 300, true)]
    [InlineData("", (ushort)0, MqttQualityOfServiceLevel.AtMostOnce, PublishAlias.None, true)]
    public void The_alias_and_an_empty_topic_are_read_behind_any_other_property(string topic, ushort alias, MqttQualityOfServiceLevel qos, int expected, bool empty)
    {
        var packet = Encode(new MqttPublishPacket
        {
            Topic = topic,
            TopicAlias = alias,
            QualityOfServiceLevel = qos,
            PacketIdentifier = (ushort)(qos > 0 ? 9 : 0),
            ContentType = "application/json",
            MessageExpiryInterval = 60,
            ResponseTopic = "r/t",
            CorrelationData = [1, 2, 3],
            UserProperties = [new MqttUserProperty("k", "v"u8.ToArray().AsMemory())],
            PayloadSegment = new byte[] { (byte)'{', (byte)'}' },
        });

        Assert.True(Read(new ReadOnlySequence<byte>(packet), out var read, out var topicEmpty));
        Assert.Equal((expected, empty), (read, topicEmpty));
        for (var cut = 1; cut < packet.Length; cut++)
        {
            Assert.True(Read(PacketChecksSpec.Segments(packet[..cut], packet[cut..]), out read, out topicEmpty));
            Assert.Equal((expected, empty), (read, topicEmpty));
        }
    }

    [Fact]
    public void Until_the_properties_are_all_there_it_waits_for_more()
    {
        var packet = Encode(new MqttPublishPacket { Topic = "a/b", TopicAlias = 2, UserProperties = [new MqttUserProperty("name", "value"u8.ToArray().AsMemory())], PayloadSegment = new byte[] { 1 } });
        var propertiesEnd = packet.Length - 1;

        for (var received = 2; received < propertiesEnd; received++)
            Assert.False(Read(new ReadOnlySequence<byte>(packet[..received]), out _, out _));
        Assert.True(Read(new ReadOnlySequence<byte>(packet[..propertiesEnd]), out var alias, out _));
        Assert.Equal(2, alias);
    }

    [Fact]
    public void A_property_a_publish_may_not_carry_reads_as_no_alias_for_mqttnet_to_refuse()
    {
        // PUBLISH "a", properties length 2: 0x11 (Session Expiry Interval, a CONNECT property) and a byte.
        byte[] packet = [0x30, 0x06, 0x00, 0x01, (byte)'a', 0x02, 0x11, 0x00];
        Assert.True(Read(new ReadOnlySequence<byte>(packet), out var alias, out _));
        Assert.Equal(PublishAlias.None, alias);
    }

    private static bool Read(ReadOnlySequence<byte> buffer, out int alias, out bool topicEmpty)
    {
        Assert.True(FixedHeader.TryRead(buffer, out var header, out _));
        return PublishAlias.TryRead(buffer, header, out alias, out topicEmpty);
    }

    private static byte[] Encode(MqttPacket packet)
    {
        var formatter = new MqttPacketFormatterAdapter(MqttProtocolVersion.V500, new MqttBufferWriter(4096, 65535));
        var buffer = formatter.Encode(packet);
        return [.. buffer.Packet, .. buffer.Payload.ToArray()];
    }
}
