using System.Net;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Tests.Families.Esp32;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// Persistent sessions of the embedded broker as mosquitto keeps them: a client that connects
/// without a clean session (MQTT 3.1.1) or with a session expiry (MQTT 5) and goes away gets the
/// QoS 1 messages published meanwhile when it comes back, and not after its session expired.
/// mosquitto_sub and MQTTnet clients, against one gateway with the shipped settings.
/// </summary>
public sealed class PersistentSessionTests : IAsyncLifetime
{
    private GatewayProcess _gateway = null!;

    // With the broker's debug line for a client gone away, which a test waits for where what it
    // publishes next depends on the broker having seen the client leave.
    public async Task InitializeAsync() => _gateway = await GatewayProcess.StartAsync("sessions", [],
        GatewayProcess.BrokerDebugLog);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task AnMqtt311ClientWithoutACleanSessionGetsTheQos1MessagesPublishedWhileItWasAway()
    {
        var clientId = DeviceIds.New("persistent-311");
        var topic = $"it/{clientId}/inbox";
        // mosquitto_sub -c -E: subscribes in a persistent session, then disconnects.
        var subscribed = await MosquittoSub(["-c", "-i", clientId, "-q", "1", "-t", topic, "-E"]);
        Assert.True(subscribed.Succeeded, subscribed.ToString());
        // A QoS 0 message is refused only for a client the broker knows is away.
        await _gateway.WaitForLogAsync($"Client '{clientId}' is away");

        foreach (var n in new[] { 1, 2, 3 })
            await Mosquitto.PublishAsync(_gateway.MqttPort, topic, $"queued {n}", qos: 1);
        await Mosquitto.PublishAsync(_gateway.MqttPort, topic, "qos 0, not kept for an absent client", qos: 0);

        // Back, it is handed the three in order; -W ends it if a fourth (the QoS 0 one) never comes.
        var back = await MosquittoSub(["-c", "-i", clientId, "-q", "1", "-t", topic, "-C", "4", "-W", "4"]);
        Assert.Equal(["queued 1", "queued 2", "queued 3"], back.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // Delivered once: the session has nothing queued any more.
        var again = await MosquittoSub(["-c", "-i", clientId, "-q", "1", "-t", topic, "-C", "1", "-W", "2"]);
        Assert.Equal("", again.StandardOutput.Trim());
    }

    [Fact]
    public async Task AnMqtt5SessionIsKeptForTheExpiryTheClientAskedAndIsGoneAfterIt()
    {
        var clientId = DeviceIds.New("persistent-5");
        var topic = $"it/{clientId}/inbox";
        Action<MqttClientOptionsBuilder> persistent = o => o.WithCleanStart(false).WithSessionExpiryInterval(3);
        await using (var first = await SessionClient.ConnectAsync(_gateway.MqttPort, clientId, persistent))
        {
            Assert.False(first.Connack.IsSessionPresent);
            await first.SubscribeAsync(topic);
        }
        await Publish(topic, "while away");

        await using (var back = await SessionClient.ConnectAsync(_gateway.MqttPort, clientId, persistent))
        {
            Assert.True(back.Connack.IsSessionPresent, "the session was not kept for its 3 s");
            await back.WaitForCountAsync(m => m.Text == "while away", 1, "the message published while the client was away");
        }

        // Away longer than its 3 s: the broker ends the session, and its subscription and what is queued for it are gone.
        await _gateway.WaitForLogAsync($"The persistent session of client '{clientId}' ended (expired)");
        await Publish(topic, "after expiry");
        await using var late = await SessionClient.ConnectAsync(_gateway.MqttPort, clientId, persistent);
        Assert.False(late.Connack.IsSessionPresent, "the session outlived its expiry");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(late.Received);
    }

    [Fact]
    public async Task AnMqtt5SessionWithExpiry0EndsWithItsConnection()
    {
        var clientId = DeviceIds.New("expiry-0");
        var topic = $"it/{clientId}/inbox";
        await using (var first = await SessionClient.ConnectAsync(_gateway.MqttPort, clientId, o => o.WithCleanStart(false)))
            await first.SubscribeAsync(topic);
        await Publish(topic, "nobody keeps this");

        await using var back = await SessionClient.ConnectAsync(_gateway.MqttPort, clientId, o => o.WithCleanStart(false));
        Assert.False(back.Connack.IsSessionPresent);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(back.Received);
    }

    /// <summary>dese-esp32.md, "Connection Loss": the board reconnects and the command sent meanwhile is not lost.</summary>
    [Fact]
    public async Task AnEsp32BoardThatLostItsConnectionGetsTheCommandPostedMeanwhile()
    {
        var device = Esp32Devices.New("esp32-offline");
        var commandTopic = Esp32Devices.Topic(device, "commands");
        // The board's own client id and a persistent session, as an ESP32 MQTT client connects.
        await using (await MosquittoSubscriber.StartPersistentAsync(_gateway.MqttPort, device.Id, commandTopic))
        {
        } // SIGKILL: the connection drops without a DISCONNECT.

        var posted = await _gateway.Api.PostCommandAsync(device, """{"command":"set_pump","parameters":{"pump_id":1,"state":"on","duration":60}}""");
        Assert.True(posted.StatusCode == HttpStatusCode.Accepted, posted.ToString());
        var commandId = posted.Json.StringAt("command_id")!;

        await using var board = await MosquittoSubscriber.StartPersistentAsync(_gateway.MqttPort, device.Id, commandTopic);
        var command = await board.WaitForAsync(m => m.Topic == commandTopic, "the command queued while the board was offline");
        Assert.Equal(commandId, command.StringField("command_id"));
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, command.QualityOfService);

        await Mosquitto.PublishAsync(_gateway.MqttPort, Esp32Devices.Topic(device, "command_response"), Esp32Devices.ResponseTo(commandId));
        await _gateway.WaitForCommandStatusAsync(device, commandId, "success");
    }

    [Fact]
    public async Task TheConnackSaysWhatTheBrokerHoldsTheClientTo()
    {
        await using var client = await SessionClient.ConnectAsync(_gateway.MqttPort, DeviceIds.New("connack"),
            o => o.WithCleanStart(false).WithSessionExpiryInterval(uint.MaxValue));

        Assert.Equal(MqttClientConnectResultCode.Success, client.Connack.ResultCode);
        // "Never" is capped to gateway.mqtt.sessions.max-expiry (1 h), and the CONNACK says so.
        Assert.Equal(3600u, client.Connack.SessionExpiryInterval);
        Assert.Equal(256u * 1024, client.Connack.MaximumPacketSize);
        Assert.Equal((ushort)10, client.Connack.TopicAliasMaximum);

        await using var asked = await SessionClient.ConnectAsync(_gateway.MqttPort, DeviceIds.New("connack"), o => o.WithCleanStart(false).WithSessionExpiryInterval(600));
        Assert.Equal(0u, asked.Connack.SessionExpiryInterval); // absent: the client's own 600 s holds
    }

    private async Task Publish(string topic, string payload)
    {
        await using var publisher = await MqttTestClient.ConnectAsync(_gateway.MqttPort);
        await publisher.PublishAsync(topic, payload);
    }

    private Task<CommandResult> MosquittoSub(IReadOnlyList<string> arguments) =>
        ExternalCommand.RunAsync(RequiredTool.Find("mosquitto_sub", Mosquitto.Install),
            ["-h", "127.0.0.1", "-p", _gateway.MqttPort.ToString(), "-V", "mqttv311", .. arguments], TimeSpan.FromSeconds(30));
}
