using System.Net;
using System.Text.Json;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using MQTTnet.Protocol;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// A LAUNCH posted to the API reaches the drone's command topic as the document's payload plus
/// the gateway's command_id, and the drone's LAUNCH_ACKNOWLEDGED event settles it.
/// </summary>
[Collection(CommandsCollection.Name)]
public sealed class CommandAcknowledgementTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task ALaunchIsDeliveredRetainedAndSettledByTheDronesAcknowledgement()
    {
        var drone = DroneIds.New("ack");
        var commandTopic = $"/drone/{drone}/command";
        await using var device = await MqttTestClient.ConnectAsync(Gateway.MqttPort);
        await device.SubscribeAsync(commandTopic);

        var posted = await Gateway.Api.PostCommandAsync(drone, Fixtures.Text(DroneExamples.LaunchCommand));

        Assert.True(posted.StatusCode == HttpStatusCode.Accepted, posted.ToString());
        var commandId = posted.Json.StringAt("command_id");
        Assert.False(string.IsNullOrEmpty(commandId), posted.ToString());
        Assert.Equal("pending", posted.Json.StringAt("status"));
        Assert.Equal($"/api/devices/drone/{drone}/commands/{commandId}", posted.Location);

        var delivered = await device.WaitForAsync(m => m.Topic == commandTopic && !m.IsEmpty, "the LAUNCH on the drone's command topic");
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, delivered.QualityOfService);
        var payload = delivered.Json();
        Assert.Equal(commandId, payload.StringAt("command_id"));
        foreach (var field in Fixtures.Object(DroneExamples.LaunchCommand))
        {
            using var expected = JsonDocument.Parse(field.Value!.ToJsonString());
            Assert.True(JsonElement.DeepEquals(expected.RootElement, payload.At(field.Key)), $"'{field.Key}' was not passed on as sent: {delivered}");
        }

        // A drone that connects later still finds the command: retained, with an MQTT 5 expiry.
        await using (var late = await MqttTestClient.ConnectAsync(Gateway.MqttPort))
        {
            await late.SubscribeAsync(commandTopic);
            var retained = await late.WaitForAsync(m => m.Topic == commandTopic, "the retained LAUNCH for a late subscriber");
            Assert.True(retained.Retain, $"not delivered as retained: {retained}");
            Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, retained.QualityOfService);
            Assert.InRange(retained.MessageExpiryInterval, 1u, 24u * 3600u);
            Assert.Equal(commandId, retained.StringField("command_id"));
        }

        await device.PublishAsync($"/drone/{drone}/events", DroneExamples.LaunchAcknowledged(DroneExamples.MissionId, commandId));

        var settled = (await Eventually.Until(() => Gateway.Api.GetCommandAsync(drone, commandId!),
            r => r.Json.StringAt("status") == "acknowledged", $"command {commandId} to be acknowledged", Gateway)).Json;
        Assert.Equal(1, settled.At("attempts").GetArrayLength());
        Assert.Equal(JsonValueKind.String, settled.At("settled_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, settled.At("late_acknowledged_at").ValueKind);

        // Settling clears the retained command, so a drone connecting now is not told to launch again.
        await MqttTestClient.WaitUntilNothingRetainedAsync(Gateway.MqttPort, commandTopic, Gateway);
    }

    [Fact]
    public async Task AnAcknowledgementNamingOnlyTheMissionSettlesTheCommand()
    {
        var drone = DroneIds.New("ack-mission");
        const string mission = "M-20251201-042";
        await using var device = await MqttTestClient.ConnectAsync(Gateway.MqttPort);
        await device.SubscribeAsync($"/drone/{drone}/command");

        var posted = await Gateway.Api.PostCommandAsync(drone, DroneExamples.LaunchWithAckTimeout(5000, mission));
        Assert.True(posted.StatusCode == HttpStatusCode.Accepted, posted.ToString());
        var commandId = posted.Json.StringAt("command_id")!;
        Assert.Equal(mission, posted.Json.StringAt("correlation_id"));
        await device.WaitForAsync(m => m.StringField("command_id") == commandId, "the LAUNCH on the drone's command topic");

        await device.PublishAsync($"/drone/{drone}/events", DroneExamples.LaunchAcknowledged(mission, commandId: null));

        var settled = (await Eventually.Until(() => Gateway.Api.GetCommandAsync(drone, commandId),
            r => r.Json.StringAt("status") == "acknowledged", $"command {commandId} to be acknowledged by mission id", Gateway)).Json;
        Assert.Equal(1, settled.At("attempts").GetArrayLength());
    }

    [Fact]
    public async Task WaitingForTheOutcomeAnswers200OnceTheDroneAcknowledges()
    {
        var drone = DroneIds.New("ack-wait");
        await using var device = await MqttTestClient.ConnectAsync(Gateway.MqttPort);
        await device.SubscribeAsync($"/drone/{drone}/command");

        var waiting = Gateway.Api.PostCommandAsync(drone, Fixtures.Text(DroneExamples.LaunchCommand), wait: true);
        var delivered = await device.WaitForAsync(m => m.StringField("command_id") is not null, "the LAUNCH on the drone's command topic");
        var commandId = delivered.StringField("command_id")!;
        await device.PublishAsync($"/drone/{drone}/events", DroneExamples.LaunchAcknowledged(DroneExamples.MissionId, commandId));
        var response = await waiting;

        Assert.True(response.StatusCode == HttpStatusCode.OK, response.ToString());
        Assert.Equal(commandId, response.Json.StringAt("command_id"));
        Assert.Equal("acknowledged", response.Json.StringAt("status"));
        Assert.Equal($"/api/devices/drone/{drone}/commands/{commandId}", response.Location);
    }
}
