using Gateway.IntegrationTests.Infrastructure;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// The MQTT 5 limits each side of a connection announces, held to by the embedded broker as
/// mosquitto holds to them: the client's Receive Maximum and Maximum Packet Size on what the broker
/// sends it; the broker's own Maximum Packet Size and Topic Alias Maximum on what the client sends.
/// MQTTnet clients (one acknowledging only when told) and mosquitto clients, against a gateway
/// whose packets may be at most 4 KiB.
/// </summary>
public sealed class DeliveryLimitTests : IAsyncLifetime
{
    private const int MaxPacketBytes = 4096;
    private ConfigFile _config = null!;
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync()
    {
        // The packet must hold the largest device payload with its topic, or the gateway does not start.
        _config = await ConfigFile.WriteAsync("delivery", $"gateway.mqtt.limits.max-packet-bytes = {MaxPacketBytes}\ngateway.devices.max-payload-bytes = 3KiB\n");
        _gateway = await GatewayProcess.StartAsync("delivery", ["--config", _config.Path]);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _config.Dispose();
    }

    [Fact]
    public async Task NoMoreThanTheClientsReceiveMaximumOfQos1MessagesAreUnacknowledgedAtOnce()
    {
        var topic = $"it/{DeviceIds.New("receive-max")}";
        await using var slow = await SessionClient.ConnectAsync(_gateway.MqttPort, DeviceIds.New("receive-max"), o => o.WithReceiveMaximum(3), manualAck: true);
        await slow.SubscribeAsync(topic);
        await using (var publisher = await MqttTestClient.ConnectAsync(_gateway.MqttPort))
            for (var n = 1; n <= 10; n++)
                await publisher.PublishAsync(topic, $"m{n}");

        // It acknowledges nothing: three arrive, the rest wait at the broker.
        await slow.WaitForCountAsync(_ => true, 3, "the first three messages");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(3, slow.Received.Count);
        Assert.Equal(3, slow.Unacknowledged);

        // Each PUBACK lets one more through, in order, never more than three outstanding.
        while (slow.Received.Count < 10)
        {
            var before = slow.Received.Count;
            await slow.AcknowledgeAsync();
            await slow.WaitForCountAsync(_ => true, Math.Min(before + 3, 10), "the next messages after the PUBACKs");
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            Assert.True(slow.Unacknowledged <= 3, $"{slow.Unacknowledged} messages were unacknowledged at once");
        }
        Assert.Equal(Enumerable.Range(1, 10).Select(n => $"m{n}"), slow.Received.Select(m => m.Text));
    }

    [Fact]
    public async Task AMessageOverTheClientsMaximumPacketSizeIsNotSentToIt()
    {
        var topic = $"it/{DeviceIds.New("small")}";
        await using var small = await SessionClient.ConnectAsync(_gateway.MqttPort, DeviceIds.New("small"), o => o.WithMaximumPacketSize(256));
        await small.SubscribeAsync(topic);
        // mosquitto_sub announcing the same limit; subscribed once StartAsync returns.
        await using var mosquitto = await MosquittoSubscriber.StartAsync(_gateway.MqttPort, ["-V", "5", "-D", "connect", "maximum-packet-size", "256"], topic);

        await using (var publisher = await MqttTestClient.ConnectAsync(_gateway.MqttPort))
        {
            await publisher.PublishAsync(topic, "small 1");
            await publisher.PublishAsync(topic, new string('x', 1000)); // QoS 1, about 1 KB: over 256
            await publisher.PublishAsync(topic, new string('y', 300), qos: MqttQualityOfServiceLevel.AtMostOnce);
            await publisher.PublishAsync(topic, "small 2");
        }

        // In order on each connection: once the last message is there, the large ones would have come before it.
        await small.WaitForCountAsync(m => m.Text == "small 2", 1, "the small message after the large ones");
        Assert.Equal(["small 1", "small 2"], small.Received.Select(m => m.Text));
        await mosquitto.WaitForAsync(m => m.Text == "small 2", "the small message after the large ones");
        Assert.Equal(["small 1", "small 2"], mosquitto.Received.Select(m => m.Text));
        await _gateway.WaitForLogAsync("whose Maximum Packet Size is 256 bytes");
    }

    [Fact]
    public async Task APacketOverTheBrokersMaximumEndsAnMqtt5ConnectionWithDisconnect0x95()
    {
        var topic = $"it/{DeviceIds.New("large")}";
        await using var v5 = await SessionClient.ConnectAsync(_gateway.MqttPort, DeviceIds.New("large"));
        Assert.Equal((uint)MaxPacketBytes, v5.Connack.MaximumPacketSize);
        _ = v5.PublishAsync(topic, new string('x', MaxPacketBytes));

        var disconnected = await Eventually.Within(ct => v5.Disconnected.WaitAsync(ct), "the broker's DISCONNECT");
        Assert.Equal(MqttClientDisconnectReason.PacketTooLarge, disconnected.Reason);

        // MQTT 3.1.1 has no DISCONNECT from the server: the connection is closed.
        await using var v311 = await SessionClient.ConnectAsync(_gateway.MqttPort, DeviceIds.New("large"), o => o.WithProtocolVersion(MqttProtocolVersion.V311));
        _ = v311.PublishAsync(topic, new string('x', MaxPacketBytes));
        await Eventually.Within(ct => v311.Disconnected.WaitAsync(ct), "the connection closed");
        await using var next = await MqttTestClient.ConnectAsync(_gateway.MqttPort);
    }

    [Fact]
    public async Task DroneTelemetryPublishedThroughATopicAliasReachesItsShadow()
    {
        var drone = DroneIds.New("alias");
        var topic = $"/drone/{drone}/telemetry";
        await using var device = await SessionClient.ConnectAsync(_gateway.MqttPort, drone);
        Assert.Equal((ushort)10, device.Connack.TopicAliasMaximum);

        // The first publication sets alias 1; the next names only the alias, an empty topic.
        Assert.True((await device.PublishAsync(topic, DroneExamples.TelemetryOf(drone, t => t["battery"] = 61), topicAlias: 1)).IsSuccess);
        Assert.True((await device.PublishAsync("", DroneExamples.TelemetryOf(drone, t => t["battery"] = 62), topicAlias: 1)).IsSuccess);

        await _gateway.WaitForDeviceAsync(DeviceRoute.Of("drone", drone), v => v.Find("shadow.reported.battery")?.GetInt32() == 62, "the battery sent through the alias");

        // mosquitto_pub with the alias property set on its publication.
        await Mosquitto.PublishAsync(_gateway.MqttPort, topic, DroneExamples.TelemetryOf(drone, t => t["battery"] = 63), qos: 1,
            extraArguments: ["-V", "5", "-D", "publish", "topic-alias", "2"]);
        await _gateway.WaitForDeviceAsync(DeviceRoute.Of("drone", drone), v => v.Find("shadow.reported.battery")?.GetInt32() == 63, "the battery sent by mosquitto_pub with an alias");
    }

    [Fact]
    public async Task AnAliasOutOfRangeOrNeverSetEndsTheConnectionWithItsReasonCode()
    {
        await using var tooHigh = await SessionClient.ConnectAsync(_gateway.MqttPort, DeviceIds.New("alias-11"));
        _ = tooHigh.PublishAsync("it/alias", "x", topicAlias: 11);
        Assert.Equal(MqttClientDisconnectReason.TopicAliasInvalid, (await Eventually.Within(ct => tooHigh.Disconnected.WaitAsync(ct), "DISCONNECT 0x94")).Reason);

        await using var unknown = await SessionClient.ConnectAsync(_gateway.MqttPort, DeviceIds.New("alias-unset"));
        _ = unknown.PublishAsync("", "x", topicAlias: 3);
        Assert.Equal(MqttClientDisconnectReason.ProtocolError, (await Eventually.Within(ct => unknown.Disconnected.WaitAsync(ct), "DISCONNECT 0x82")).Reason);

        await _gateway.WaitForLogAsync("closed (topic-alias): it sent topic alias 11; aliases are 1 to 10");
        await using var next = await MqttTestClient.ConnectAsync(_gateway.MqttPort);
    }
}
