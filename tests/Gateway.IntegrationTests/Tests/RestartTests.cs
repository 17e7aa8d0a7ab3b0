using System.Net;
using System.Text.Json;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// The journal is the gateway's memory: a process stopped with SIGTERM and started again on the
/// same data folder knows every shadow and command, and carries on with commands still in flight.
/// </summary>
[Collection(RestartCollection.Name)]
public sealed class RestartTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task TheShadowAndTheCommandHistorySurviveARestart()
    {
        const string drone = DroneExamples.DroneId;
        var commandTopic = $"/drone/{drone}/command";
        string acknowledgedId, timedOutId;
        await using (var device = await MqttTestClient.ConnectAsync(Gateway.MqttPort))
        {
            await device.SubscribeAsync(commandTopic);
            await Mosquitto.PublishFileAsync(Gateway.MqttPort, $"/drone/{drone}/telemetry", Fixtures.PathOf(DroneExamples.Telemetry));
            await Eventually.Until(() => Gateway.Api.GetDeviceAsync(drone),
                r => r.StatusCode == HttpStatusCode.OK && r.Json.Find("shadow.reported.battery") is not null, $"{drone}'s telemetry", Gateway);

            acknowledgedId = await PostLaunch(drone, Fixtures.Text(DroneExamples.LaunchCommand));
            await device.WaitForAsync(m => m.StringField("command_id") == acknowledgedId, "the first LAUNCH on the drone's command topic");
            await device.PublishAsync($"/drone/{drone}/events", DroneExamples.LaunchAcknowledged(DroneExamples.MissionId, acknowledgedId));
            await WaitForStatus(drone, acknowledgedId, "acknowledged");

            timedOutId = await PostLaunch(drone, DroneExamples.LaunchWithAckTimeout(300, "M-20251201-002"));
            await WaitForStatus(drone, timedOutId, "timed_out");
        }
        var deviceBefore = (await Gateway.Api.GetDeviceAsync(drone)).Json;
        var acknowledgedBefore = (await Gateway.Api.GetCommandAsync(drone, acknowledgedId)).Json;
        var timedOutBefore = (await Gateway.Api.GetCommandAsync(drone, timedOutId)).Json;

        await Gateway.RestartAsync();

        var device2 = await Gateway.Api.GetDeviceAsync(drone);
        Assert.True(device2.StatusCode == HttpStatusCode.OK, $"{drone} was forgotten: {device2}\n{Gateway.LogTail()}");
        var deviceAfter = device2.Json;
        Assert.Equal(84, deviceAfter.At("shadow.reported.battery").GetInt32());
        Assert.Equal(deviceBefore.At("shadow.version").GetInt64(), deviceAfter.At("shadow.version").GetInt64());
        AssertSame(deviceBefore.At("shadow.reported"), deviceAfter.At("shadow.reported"), "reported shadow");
        AssertSame(deviceBefore.At("shadow.metadata"), deviceAfter.At("shadow.metadata"), "shadow metadata");
        AssertSame(deviceBefore.At("last_seen"), deviceAfter.At("last_seen"), "last_seen");
        Assert.Equal(0, deviceAfter.At("pending_commands").GetArrayLength());

        var acknowledgedAfter = await Gateway.Api.GetCommandAsync(drone, acknowledgedId);
        Assert.True(acknowledgedAfter.StatusCode == HttpStatusCode.OK, acknowledgedAfter.ToString());
        AssertSame(acknowledgedBefore, acknowledgedAfter.Json, $"acknowledged command {acknowledgedId}");
        var timedOutAfter = await Gateway.Api.GetCommandAsync(drone, timedOutId);
        Assert.True(timedOutAfter.StatusCode == HttpStatusCode.OK, timedOutAfter.ToString());
        AssertSame(timedOutBefore, timedOutAfter.Json, $"timed-out command {timedOutId}");
    }

    [Fact]
    public async Task ACommandInFlightResumesItsRetriesAfterARestart()
    {
        var drone = DroneIds.New("resume");
        var commandTopic = $"/drone/{drone}/command";
        string commandId;
        await using (var device = await MqttTestClient.ConnectAsync(Gateway.MqttPort))
        {
            await device.SubscribeAsync(commandTopic);
            // Long enough that the first window is still open when the gateway goes down.
            commandId = await PostLaunch(drone, DroneExamples.LaunchWithAckTimeout(3000));
            await device.WaitForAsync(m => m.StringField("command_id") == commandId, "the first attempt on the drone's command topic");
        }

        await Gateway.RestartAsync();

        // Nothing asks the API about this drone until the retry shows: only the pending-commands
        // registry can have woken its actor, which is what this test is about.
        await using (var device = await MqttTestClient.ConnectAsync(Gateway.MqttPort))
        {
            await device.SubscribeAsync(commandTopic);
            var resent = await device.WaitForAsync(m => m.StringField("command_id") == commandId, "a retry of the command after the restart");
            Assert.Equal(commandId, resent.StringField("command_id"));

            var settled = await WaitForStatus(drone, commandId, "timed_out");
            Assert.Equal(new[] { 1, 2, 3 }, settled.At("attempts").EnumerateArray().Select(a => a.At("attempt").GetInt32()).ToArray());
            Assert.All(device.Received.Where(m => m.Topic == commandTopic && !m.IsEmpty), m => Assert.Equal(commandId, m.StringField("command_id")));
        }
    }

    private async Task<string> PostLaunch(string drone, string body)
    {
        var posted = await Gateway.Api.PostCommandAsync(drone, body);
        Assert.True(posted.StatusCode == HttpStatusCode.Accepted, posted.ToString());
        return posted.Json.StringAt("command_id")!;
    }

    private async Task<JsonElement> WaitForStatus(string drone, string commandId, string status) =>
        (await Eventually.Until(() => Gateway.Api.GetCommandAsync(drone, commandId),
            r => r.Json.StringAt("status") == status, $"command {commandId} to be {status}", Gateway)).Json;

    private void AssertSame(JsonElement before, JsonElement after, string what) =>
        Assert.True(JsonElement.DeepEquals(before, after), $"{what} changed across the restart:\nbefore: {before}\nafter:  {after}\n{Gateway.LogTail()}");
}
