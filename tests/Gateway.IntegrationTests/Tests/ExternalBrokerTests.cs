using System.Net;
using System.Net.Sockets;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using MQTTnet.Protocol;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// The gateway as a client of a real mosquitto (<c>--mqtt external --broker mqtt://...</c>): the
/// README's drone walkthrough through that broker, each device message ingested once and the
/// gateway's own never, <c>/mqtt/*</c> through it, and a broker that goes away and comes back.
/// </summary>
[Collection(ExternalBrokerCollection.Name)]
public sealed class ExternalBrokerTests(ExternalBrokerFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    private MosquittoBroker Broker => fixture.Broker;

    [Fact]
    public async Task TheDroneWalkthroughRunsThroughTheExternalBroker()
    {
        var drone = DroneIds.New("ext-walk");
        var route = DeviceRoute.Of("drone", drone);
        var commandTopic = $"/drone/{drone}/command";
        var telemetryTopic = $"/drone/{drone}/telemetry";
        await using var watcher = await MosquittoSubscriber.StartAsync(Broker.Port, $"gateway/drone/{drone}/state", "gateway/rejected/drone");
        await using var device = await MqttTestClient.ConnectAsync(Broker.Port);
        await device.SubscribeAsync(commandTopic);

        await Mosquitto.PublishAsync(Broker.Port, telemetryTopic, DroneExamples.TelemetryOf(drone));
        var view = await Gateway.WaitForDeviceAsync(route, v => v.At("shadow.version").GetInt64() >= 1, "the telemetry in the shadow");
        Assert.Equal(84, view.At("shadow.reported.battery").GetInt32());
        Assert.Equal("IN_FLIGHT", view.StringAt("shadow.reported.status"));
        var state = await watcher.WaitForAsync(m => m.Topic == $"gateway/drone/{drone}/state", "the drone's state on the broker");
        Assert.Equal(drone, state.StringField("id"));

        var posted = await Gateway.Api.PostCommandAsync(drone, Fixtures.Text(DroneExamples.LaunchCommand));
        Assert.True(posted.StatusCode == HttpStatusCode.Accepted, posted.ToString());
        var commandId = posted.Json.StringAt("command_id")!;
        var delivered = await device.WaitForAsync(m => m.Topic == commandTopic && !m.IsEmpty, "the LAUNCH through the broker");
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, delivered.QualityOfService);
        Assert.Equal(commandId, delivered.StringField("command_id"));
        await using (var late = await MqttTestClient.ConnectAsync(Broker.Port))
        {
            await late.SubscribeAsync(commandTopic);
            var retained = await late.WaitForAsync(m => m.Topic == commandTopic, "the retained LAUNCH for a drone connecting later");
            Assert.True(retained.Retain, $"not retained: {retained}");
            Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, retained.QualityOfService);
            Assert.InRange(retained.MessageExpiryInterval, 1u, 24u * 3600u);
        }

        await device.PublishAsync($"/drone/{drone}/events", DroneExamples.LaunchAcknowledged(DroneExamples.MissionId, commandId));
        var settled = await Gateway.WaitForCommandStatusAsync(route, commandId, "acknowledged");
        Assert.Equal(1, settled.At("attempts").GetArrayLength());
        await MqttTestClient.WaitUntilNothingRetainedAsync(Broker.Port, commandTopic, Gateway);
        // A broker clears a retained message with an empty retained publication, which its current
        // subscribers receive too: the drone sees one empty message on its command topic and ignores it.
        await device.WaitForAsync(m => m.Topic == commandTopic && m.IsEmpty, "the empty publication that cleared the retained LAUNCH");

        await Mosquitto.PublishAsync(Broker.Port, telemetryTopic, """{"battery": "full"}""");
        var rejection = await watcher.WaitForAsync(m => m.Topic == "gateway/rejected/drone" && m.StringField("topic") == telemetryTopic, "the rejection on gateway/rejected/drone");
        RejectionAsserts.AssertAnnounced(rejection, "drone", telemetryTopic, route.EntityId, "battery");
    }

    [Fact]
    public async Task EachDeviceMessageIsIngestedOnceAndTheGatewaysOwnPublicationsNever()
    {
        var drone = DroneIds.New("ext-once");
        var route = DeviceRoute.Of("drone", drone);
        var eventsTopic = $"/drone/{drone}/events";
        // An HTTP subscription that matches the device's topics too: its messages come by another subscription.
        var subscribed = await Gateway.Api.PostAsync("mqtt/subscribe", $$"""{"topic": "/drone/{{drone}}/#"}""");
        Assert.True(subscribed.StatusCode == HttpStatusCode.Created, subscribed.ToString());
        var subscription = subscribed.Json.StringAt("id")!;
        await using var watcher = await MosquittoSubscriber.StartAsync(Broker.Port, route.EventsTopic);
        await using var client = await MqttTestClient.ConnectAsync(Broker.Port);

        // What any gateway node publishes carries the gateway-node user property; no node ingests it.
        await client.PublishAsync(eventsTopic, """{"event": "PUBLISHED_BY_A_GATEWAY_NODE"}""", [("gateway-node", "another-node")]);
        await client.PublishAsync(eventsTopic, Fixtures.Text(DroneExamples.AedDeployedEvent));

        // One broker connection delivers in order: once the second event is in, the first would have been.
        var view = await Gateway.WaitForDeviceAsync(route, v => v.At("recent_events").GetArrayLength() >= 1, "the device's event");
        await watcher.WaitForAsync(m => m.Topic == route.EventsTopic, "the gateway's publication of the event");
        await Eventually.Until(() => Gateway.Api.GetAsync($"mqtt/subscriptions/{subscription}"),
            r => r.Json.At("delivery.queued").GetInt32() == 2, "both messages in the HTTP subscription's queue", Gateway);
        view = (await Gateway.Api.GetDeviceAsync(drone)).Json;
        var events = view.At("recent_events");
        Assert.True(events.GetArrayLength() == 1, $"expected the one device event, once: {events}");
        Assert.Equal("AED_DEPLOYED", events[0].StringAt("event"));
        Assert.Single(watcher.Received, m => m.Topic == route.EventsTopic);
        Assert.Equal(HttpStatusCode.OK, (await Gateway.Api.PostAsync("mqtt/unsubscribe", $$"""{"subscription_id": "{{subscription}}"}""")).StatusCode);
    }

    [Fact]
    public async Task ALaunchABackendPublishesOnTheBrokerIsTrackedOnceAndTheGatewaysOwnRetryIsNotANewCommand()
    {
        var drone = DroneIds.New("ext-backend");
        var route = DeviceRoute.Of("drone", drone);
        var commandTopic = $"/drone/{drone}/command";
        await using var device = await MqttTestClient.ConnectAsync(Broker.Port);
        await device.SubscribeAsync(commandTopic);

        await Mosquitto.PublishAsync(Broker.Port, commandTopic, DroneExamples.LaunchWithAckTimeout(500), qos: 1, retain: true);

        // The backend's publication, then the gateway's retry (with the command id), which the
        // shared subscription brings back to a node: still one command.
        var both = await device.WaitForCountAsync(m => m.Topic == commandTopic && !m.IsEmpty, 2, "the backend's LAUNCH and the gateway's retry");
        var commandId = both[1].StringField("command_id")!;
        var commands = (await Gateway.Api.GetAsync($"{route.ApiPath}/commands")).Json.At("commands");
        var command = Assert.Single(commands.EnumerateArray());
        Assert.Equal(commandId, command.StringAt("command_id"));
        Assert.Equal("mqtt", command.StringAt("published_by"));

        await device.PublishAsync($"/drone/{drone}/events", DroneExamples.LaunchAcknowledged(DroneExamples.MissionId, commandId));
        await Gateway.WaitForCommandStatusAsync(route, commandId, "acknowledged");
        await MqttTestClient.WaitUntilNothingRetainedAsync(Broker.Port, commandTopic, Gateway);
        Assert.Single((await Gateway.Api.GetAsync($"{route.ApiPath}/commands")).Json.At("commands").EnumerateArray());
    }

    [Fact]
    public async Task MqttOverHttpPublishesAndSubscribesThroughTheExternalBroker()
    {
        var status = (await Gateway.Api.GetAsync("mqtt/status")).Json;
        Assert.Equal("external", status.StringAt("broker.mode"));
        Assert.True(status.At("broker.ready").GetBoolean(), status.ToString());
        Assert.Equal($"connected to {Broker.Url}", status.StringAt("broker.state"));

        var prefix = $"ext-it/{Guid.NewGuid():N}";
        var subscribed = await Gateway.Api.PostAsync("mqtt/subscribe", $$"""{"topic": "{{prefix}}/*"}""");
        Assert.True(subscribed.StatusCode == HttpStatusCode.Created, subscribed.ToString());
        var subscription = subscribed.Json.StringAt("id")!;

        // Answered once the broker has the subscription: a message published right after reaches it.
        await Mosquitto.PublishAsync(Broker.Port, $"{prefix}/a", "from a device");
        var published = await Gateway.Api.PostAsync("mqtt/publish", $$"""{"topic": "{{prefix}}/b", "payload": {"from": "http"} }""");
        Assert.True(published.StatusCode == HttpStatusCode.OK, published.ToString());
        await Eventually.Until(() => Gateway.Api.GetAsync($"mqtt/subscriptions/{subscription}"),
            r => r.Json.At("delivery.queued").GetInt32() == 2, "the device's and the HTTP publication in the subscription's queue", Gateway);

        // A device topic published over HTTP comes back through the shared subscription to the device actors.
        var drone = DroneIds.New("ext-http");
        var telemetry = DroneExamples.TelemetryOf(drone);
        published = await Gateway.Api.PostAsync("mqtt/publish", $$"""{"topic": "/drone/{{drone}}/telemetry", "payload": {{telemetry}} }""");
        Assert.True(published.StatusCode == HttpStatusCode.OK, published.ToString());
        var view = await Gateway.WaitForDeviceAsync(DeviceRoute.Of("drone", drone), v => v.At("shadow.version").GetInt64() >= 1, "the telemetry published over HTTP");
        Assert.Equal(84, view.At("shadow.reported.battery").GetInt32());

        Assert.Equal(HttpStatusCode.OK, (await Gateway.Api.PostAsync("mqtt/unsubscribe", $$"""{"subscription_id": "{{subscription}}"}""")).StatusCode);
    }

    [Fact]
    public async Task TheEmbeddedBrokerIsNotStarted()
    {
        using var probe = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(() => probe.ConnectAsync("127.0.0.1", Gateway.MqttPort));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact]
    public async Task ReadinessFollowsTheBrokerAndTheGatewayReconnectsAndResubscribesByItself()
    {
        try
        {
            await Broker.StopAsync();
            var down = await Eventually.Until(() => Gateway.Api.GetAsync("readyz"),
                r => r.StatusCode == HttpStatusCode.ServiceUnavailable, "/readyz to answer 503 with the broker gone", Gateway);
            var check = down.Json.StringAt("checks.broker")!;
            Assert.StartsWith($"disconnected from {Broker.Url}", check);
            Assert.Contains("retrying in", check);

            await Broker.StartAgainAsync();
            var up = await Eventually.Until(() => Gateway.Api.GetAsync("readyz"),
                r => r.StatusCode == HttpStatusCode.OK, "/readyz to answer 200 once the broker is back", Gateway, TimeSpan.FromSeconds(60));
            Assert.Equal($"connected to {Broker.Url}", up.Json.StringAt("checks.broker"));

            var drone = DroneIds.New("ext-back");
            await Mosquitto.PublishAsync(Broker.Port, $"/drone/{drone}/telemetry", DroneExamples.TelemetryOf(drone));
            await Gateway.WaitForDeviceAsync(DeviceRoute.Of("drone", drone), v => v.At("shadow.version").GetInt64() >= 1, "telemetry published after the reconnect");
        }
        finally
        {
            // The other tests of the collection share this broker.
            if (!Broker.IsRunning)
                await Broker.StartAgainAsync();
        }
    }
}
