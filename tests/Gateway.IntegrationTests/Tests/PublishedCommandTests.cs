using System.Text.Json;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using MQTTnet;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// A command a backend publishes on the device's command topic itself, as the drone document's
/// Python backend does (LAUNCH, QoS 1, retained, on /drone/{id}/command), is tracked like one
/// posted to the API: listed by GET .../commands, retried by the gateway, settled by the answer.
/// An invalid one is refused and never reaches the device.
/// </summary>
[Collection(CommandsCollection.Name)]
public sealed class PublishedCommandTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task ALaunchPublishedWithMosquittoPubShowsInTheCommandsAndIsSettledByTheDronesAcknowledgement()
    {
        var drone = DroneIds.New("pub-launch");
        var route = DeviceRoute.Of("drone", drone);
        var commandTopic = $"/drone/{drone}/command";
        await using var device = await MqttTestClient.ConnectAsync(Gateway.MqttPort);
        await device.SubscribeAsync(commandTopic);

        await Mosquitto.PublishAsync(Gateway.MqttPort, commandTopic, Fixtures.Text(DroneExamples.LaunchCommand), qos: 1, retain: true, clientId: "dispatch-backend");

        var listed = await Eventually.Until(() => Gateway.Api.GetAsync($"{route.ApiPath}/commands"),
            r => r.Status == 200 && r.Json.At("commands").GetArrayLength() == 1, "the LAUNCH in GET .../commands", Gateway);
        var command = listed.Json.At("commands")[0];
        Assert.Equal("LAUNCH", command.StringAt("command"));
        Assert.Equal("dispatch-backend", command.StringAt("published_by"));
        Assert.Equal(DroneExamples.MissionId, command.StringAt("correlation_id"));
        Assert.Equal("sent", command.StringAt("status"));
        Assert.Equal(1, command.At("attempts").GetArrayLength());
        var commandId = command.StringAt("command_id")!;

        // The drone got the backend's own publication, as the backend wrote it.
        var delivered = await device.WaitForAsync(m => m.Topic == commandTopic && !m.IsEmpty, "the backend's LAUNCH at the drone");
        Assert.Null(delivered.StringField("command_id"));
        Assert.Equal("LAUNCH", delivered.StringField("command"));

        // The document's drone answers without a command id: matched by its mission.
        await device.PublishAsync($"/drone/{drone}/events", DroneExamples.LaunchAcknowledged(DroneExamples.MissionId, null));
        var settled = await Gateway.WaitForCommandStatusAsync(route, commandId, "acknowledged");
        Assert.Equal("dispatch-backend", settled.StringAt("published_by"));
        Assert.Equal(1, settled.At("attempts").GetArrayLength());
        await MqttTestClient.WaitUntilNothingRetainedAsync(Gateway.MqttPort, commandTopic, Gateway);
    }

    [Fact]
    public async Task AnUnansweredPublishedCommandIsRetriedByTheGatewayWithItsCommandId()
    {
        var drone = DroneIds.New("pub-retry");
        var route = DeviceRoute.Of("drone", drone);
        var commandTopic = $"/drone/{drone}/command";
        await using var device = await MqttTestClient.ConnectAsync(Gateway.MqttPort);
        await device.SubscribeAsync(commandTopic);

        await Mosquitto.PublishAsync(Gateway.MqttPort, commandTopic, DroneExamples.LaunchWithAckTimeout(500));

        var both = await device.WaitForCountAsync(m => m.Topic == commandTopic && !m.IsEmpty, 2, "the backend's LAUNCH and the gateway's retry");
        Assert.Null(both[0].StringField("command_id"));
        var commandId = both[1].StringField("command_id");
        Assert.False(string.IsNullOrEmpty(commandId), both[1].ToString());
        var status = (await Gateway.Api.GetCommandAsync(route, commandId!)).Json;
        Assert.Null(status.StringAt("settled_at"));
        Assert.InRange(status.At("attempts").GetArrayLength(), 2, 3);

        await device.PublishAsync($"/drone/{drone}/events", DroneExamples.LaunchAcknowledged(DroneExamples.MissionId, commandId));
        await Gateway.WaitForCommandStatusAsync(route, commandId!, "acknowledged");
    }

    [Fact]
    public async Task AnInvalidPublishedCommandIsRefusedWithItsReasonAndNeverReachesTheDrone()
    {
        var drone = DroneIds.New("pub-invalid");
        var route = DeviceRoute.Of("drone", drone);
        var commandTopic = $"/drone/{drone}/command";
        await using var watcher = await MosquittoSubscriber.StartAsync(Gateway.MqttPort, "gateway/rejected/drone");
        await using var device = await MqttTestClient.ConnectAsync(Gateway.MqttPort);
        await device.SubscribeAsync(commandTopic);
        await using var backend = await MqttTestClient.ConnectAsync(Gateway.MqttPort);

        var refused = await backend.PublishForResultAsync(commandTopic, """{"command":"LAUNCH","mission_id":"M-1"}""");
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, refused.ReasonCode);
        Assert.Contains("destination", refused.ReasonString);
        var rejection = await watcher.WaitForAsync(m => m.StringField("topic") == commandTopic, "the refusal on gateway/rejected/drone");
        RejectionAsserts.AssertAnnounced(rejection, "drone", commandTopic, route.EntityId, "destination");

        // A valid one after it is the first thing the drone receives.
        await backend.PublishAsync(commandTopic, Fixtures.Text(DroneExamples.AbortCommand));
        var first = await device.WaitForAsync(m => m.Topic == commandTopic, "the valid ABORT at the drone");
        Assert.Equal("ABORT", first.StringField("command"));
        var commands = (await Gateway.Api.GetAsync($"{route.ApiPath}/commands")).Json.At("commands");
        Assert.Equal(["ABORT"], commands.EnumerateArray().Select(c => c.StringAt("command")));
    }

    [Theory]
    [InlineData("esp32", "org-123", "devices/org-123/{0}/commands", FamilyExamples.Esp32.Command, "set_pump")]
    [InlineData("petal", "acme", "org/acme/device/{0}/command", FamilyExamples.Petal.Command, "get_status")]
    public async Task AnEsp32OrPetalCommandPublishedByABackendShowsInTheOrgsCommands(string kind, string org, string topicFormat, string example, string name)
    {
        var id = DroneIds.New($"pub-{kind}");
        var route = DeviceRoute.InOrg(kind, org, id);
        var payload = Fixtures.With(example, p =>
        {
            if (p.ContainsKey("device_id"))
                p["device_id"] = id;
            // Each run its own command: the document's example carries a fixed id.
            p.Remove("command_id");
            p.Remove("messageId");
        });
        await Mosquitto.PublishAsync(Gateway.MqttPort, string.Format(topicFormat, id), payload, clientId: $"{kind}-backend");

        var listed = await Eventually.Until(() => Gateway.Api.GetAsync($"{route.ApiPath}/commands"),
            r => r.Status == 200 && r.Json.At("commands").GetArrayLength() == 1, $"the {kind} command in GET .../commands", Gateway);
        var command = listed.Json.At("commands")[0];
        Assert.Equal(name, command.StringAt("command"));
        Assert.Equal($"{kind}-backend", command.StringAt("published_by"));
        Assert.Equal(JsonValueKind.Array, command.At("attempts").ValueKind);
    }
}
