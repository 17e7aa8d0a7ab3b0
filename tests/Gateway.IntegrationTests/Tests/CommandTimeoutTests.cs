using System.Net;
using System.Text.Json;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// A command nobody acknowledges is sent again, three attempts in all, then times out; an
/// acknowledgement arriving after that is noted once and changes nothing else.
/// </summary>
[Collection(CommandsCollection.Name)]
public sealed class CommandTimeoutTests(GatewayFixture fixture)
{
    // The shortest window that still leaves the drone room to answer; keeps each test to seconds.
    private const int AckTimeoutMs = 300;

    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task AnUnacknowledgedCommandIsSentThreeTimesThenTimesOut()
    {
        var drone = DroneIds.New("timeout");
        var commandTopic = $"/drone/{drone}/command";
        await using var device = await MqttTestClient.ConnectAsync(Gateway.MqttPort);
        await device.SubscribeAsync(commandTopic);

        var posted = await Gateway.Api.PostCommandAsync(drone, DroneExamples.LaunchWithAckTimeout(AckTimeoutMs));
        Assert.True(posted.StatusCode == HttpStatusCode.Accepted, posted.ToString());
        var commandId = posted.Json.StringAt("command_id")!;
        Assert.Equal(AckTimeoutMs, posted.Json.At("ack_timeout_ms").GetInt32());

        var timedOut = await WaitForTimedOut(drone, commandId);

        var attempts = timedOut.At("attempts").EnumerateArray().Select(a => a.At("attempt").GetInt32()).ToArray();
        Assert.Equal(new[] { 1, 2, 3 }, attempts);
        Assert.Equal(JsonValueKind.String, timedOut.At("settled_at").ValueKind);
        var deliveries = await device.WaitForCountAsync(m => m.Topic == commandTopic && !m.IsEmpty, 3, "three deliveries of the command");
        Assert.Equal(3, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(commandId, d.StringField("command_id")));
        // A command given up on is no longer offered to drones that connect later.
        await MqttTestClient.WaitUntilNothingRetainedAsync(Gateway.MqttPort, commandTopic, Gateway);
    }

    [Fact]
    public async Task WaitingForTheOutcomeAnswers504WithTheTimedOutCommand()
    {
        var drone = DroneIds.New("timeout-wait");

        var response = await Gateway.Api.PostCommandAsync(drone, DroneExamples.LaunchWithAckTimeout(AckTimeoutMs), wait: true);

        Assert.True(response.StatusCode == HttpStatusCode.GatewayTimeout, response.ToString());
        Assert.Equal("timed_out", response.Json.StringAt("status"));
        Assert.Equal(3, response.Json.At("attempts").GetArrayLength());
        var commandId = response.Json.StringAt("command_id");
        Assert.Equal($"/api/devices/drone/{drone}/commands/{commandId}", response.Location);
    }

    [Fact]
    public async Task ALateAcknowledgementIsRecordedOnceAndTheCommandStaysTimedOut()
    {
        var drone = DroneIds.New("timeout-late");
        await using var device = await MqttTestClient.ConnectAsync(Gateway.MqttPort);
        var posted = await Gateway.Api.PostCommandAsync(drone, DroneExamples.LaunchWithAckTimeout(AckTimeoutMs));
        Assert.True(posted.StatusCode == HttpStatusCode.Accepted, posted.ToString());
        var commandId = posted.Json.StringAt("command_id")!;
        var timedOut = await WaitForTimedOut(drone, commandId);

        var ack = DroneExamples.LaunchAcknowledged(DroneExamples.MissionId, commandId);
        await device.PublishAsync($"/drone/{drone}/events", ack);
        var late = (await Eventually.Until(() => Gateway.Api.GetCommandAsync(drone, commandId),
            r => r.Json.Find("late_acknowledged_at") is { ValueKind: JsonValueKind.String }, "the late acknowledgement to be noted", Gateway)).Json;
        Assert.Equal("timed_out", late.StringAt("status"));
        Assert.Equal(timedOut.StringAt("settled_at"), late.StringAt("settled_at"));

        // A redelivery of the same acknowledgement, then an ordinary event from the same drone: the
        // drone's messages are handled in order, so once the event shows, the duplicate has been handled.
        await device.PublishAsync($"/drone/{drone}/events", ack);
        await device.PublishAsync($"/drone/{drone}/events", Fixtures.Text(DroneExamples.AedDeployedEvent));
        var view = (await Eventually.Until(() => Gateway.Api.GetDeviceAsync(drone),
            r => r.Json.At("recent_events").EnumerateArray().Any(e => e.StringAt("event") == "AED_DEPLOYED"), "the event after the duplicate", Gateway)).Json;

        var after = (await Gateway.Api.GetCommandAsync(drone, commandId)).Json;
        Assert.Equal("timed_out", after.StringAt("status"));
        Assert.Equal(late.StringAt("late_acknowledged_at"), after.StringAt("late_acknowledged_at"));
        Assert.Equal(3, after.At("attempts").GetArrayLength());
        Assert.Single(view.At("recent_events").EnumerateArray(), e => e.StringAt("event") == "LAUNCH_ACKNOWLEDGED");
    }

    private async Task<JsonElement> WaitForTimedOut(string drone, string commandId) =>
        (await Eventually.Until(() => Gateway.Api.GetCommandAsync(drone, commandId),
            r => r.Json.StringAt("status") == "timed_out", $"command {commandId} to time out", Gateway)).Json;
}
