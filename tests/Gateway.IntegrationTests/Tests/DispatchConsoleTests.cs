using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Gateway.IntegrationTests.Infrastructure;
using MQTTnet.Protocol;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// The dispatcher console stream (<c>/api/dispatch</c>, the drone document's WebSocket proxy built
/// in) with a real WebSocket client against a real gateway: transcript lines published with
/// mosquitto_pub, events and state for consoles that ask, VOICE_COMMAND turned into a tracked
/// VOICE_SPEAK whose lifecycle comes back, bad messages answered, a slow console disconnected.
/// </summary>
public sealed class DispatchConsoleTests(DispatchConsoleTests.Fixture fixture) : IClassFixture<DispatchConsoleTests.Fixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    public sealed class Fixture() : ConfiguredGatewayFixture("dispatch", "gateway.mqtt.limits.publish-rate = 0\n");

    private static string Line(string drone, string text) => Fixtures.With(DroneExamples.VoiceTranscript, p =>
    {
        p["drone_id"] = drone;
        p["text"] = text;
    });

    [Fact]
    public async Task ATranscriptLinePublishedWithMosquittoPubReachesTheConsolesFollowingItsDrone()
    {
        var alpha = DroneIds.New("ws-alpha");
        var bravo = DroneIds.New("ws-bravo");
        await using var everyDrone = await DispatchConsole.ConnectAsync(Gateway);
        await using var alphaOnly = await DispatchConsole.ConnectAsync(Gateway, $"drone={alpha}");
        await using var bravoOnly = await DispatchConsole.ConnectAsync(Gateway, $"drone={bravo}");

        await Mosquitto.PublishAsync(Gateway.MqttPort, $"/drone/{alpha}/voice/transcript", Line(alpha, "This is SkyRescue. I have an AED."));
        await Mosquitto.PublishAsync(Gateway.MqttPort, $"/drone/{bravo}/voice/transcript", Line(bravo, "Bravo on scene."));

        foreach (var console in new[] { everyDrone, alphaOnly })
        {
            var line = await console.WaitForAsync(m => m.Topic == "VOICE_TRANSCRIPT" && m.StringField("drone_id") == alpha, "Alpha's transcript line");
            var data = line.Json().At("data");
            Assert.Equal("This is SkyRescue. I have an AED.", data.StringAt("text"));
            Assert.Equal("DRONE", data.StringAt("speaker"));
            Assert.Equal(DroneExamples.MissionId, data.StringAt("mission_id"));
        }
        await everyDrone.WaitForAsync(m => m.Topic == "VOICE_TRANSCRIPT" && m.StringField("drone_id") == bravo, "Bravo's line on the console following every drone");
        await bravoOnly.WaitForAsync(m => m.Topic == "VOICE_TRANSCRIPT" && m.StringField("drone_id") == bravo, "Bravo's line");
        Assert.DoesNotContain(bravoOnly.Received, m => m.StringField("drone_id") == alpha);
    }

    [Fact]
    public async Task EventsAndStateChangesGoToTheConsolesThatAskForThem()
    {
        var drone = DroneIds.New("ws-events");
        await using var asking = await DispatchConsole.ConnectAsync(Gateway, $"drone={drone}&events=true&state=true");
        await using var transcriptOnly = await DispatchConsole.ConnectAsync(Gateway, $"drone={drone}");

        await Mosquitto.PublishAsync(Gateway.MqttPort, $"/drone/{drone}/events", Fixtures.Text(DroneExamples.AedDeployedEvent));
        await Mosquitto.PublishAsync(Gateway.MqttPort, $"/drone/{drone}/telemetry", DroneExamples.TelemetryOf(drone));
        await Mosquitto.PublishAsync(Gateway.MqttPort, $"/drone/{drone}/voice/transcript", Line(drone, "AED is out."));

        var e = await asking.WaitForAsync(m => m.Topic == "DEVICE_EVENT", "the AED_DEPLOYED event");
        Assert.Equal(drone, e.StringField("drone_id"));
        Assert.Equal("AED_DEPLOYED", e.StringField("event"));
        Assert.True(e.Json().At("data.details.aed_removed").GetBoolean());
        var state = await asking.WaitForAsync(m => m.Topic == "DEVICE_STATE" && m.Json().Find("data.shadow.reported.battery") is not null, "a state change with the telemetry");
        Assert.Equal(84, state.Json().At("data.shadow.reported.battery").GetInt32());
        await transcriptOnly.WaitForAsync(m => m.Topic == "VOICE_TRANSCRIPT", "the line, sent after the event and the telemetry");
        Assert.DoesNotContain(transcriptOnly.Received, m => m.Topic is "DEVICE_EVENT" or "DEVICE_STATE");
    }

    [Fact]
    public async Task AVoiceCommandReachesTheDroneAsVoiceSpeakAndItsLifecycleComesBackToTheConsole()
    {
        var drone = DroneIds.New("ws-speak");
        var route = DeviceRoute.Of("drone", drone);
        await using var device = await MqttTestClient.ConnectAsync(Gateway.MqttPort);
        await device.SubscribeAsync($"/drone/{drone}/command");
        await using var console = await DispatchConsole.ConnectAsync(Gateway, $"drone={drone}");

        await console.SendAsync(new JsonObject
        {
            ["type"] = "VOICE_COMMAND", ["drone_id"] = drone, ["mission_id"] = DroneExamples.MissionId,
            ["text"] = "The ambulance will arrive in 3 minutes.", ["request_id"] = "req-1",
        }.ToJsonString());

        var accepted = await console.WaitForAsync(m => m.Topic == "COMMAND_ACCEPTED", "the command's acceptance");
        Assert.Equal("req-1", accepted.StringField("request_id"));
        Assert.Equal(drone, accepted.StringField("drone_id"));
        var commandId = accepted.Json().StringAt("command.command_id")!;
        Assert.Equal("VOICE_SPEAK", accepted.Json().StringAt("command.command"));
        var speak = await device.WaitForAsync(m => m.Topic == $"/drone/{drone}/command" && !m.IsEmpty, "VOICE_SPEAK at the drone");
        Assert.Equal("VOICE_SPEAK", speak.StringField("command"));
        Assert.Equal(commandId, speak.StringField("command_id"));
        Assert.Equal("The ambulance will arrive in 3 minutes.", speak.StringField("text"));
        Assert.Equal("en", speak.StringField("language"));
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, speak.QualityOfService);

        await console.WaitForAsync(m => m.Topic == "COMMAND_STATUS" && m.Json().StringAt("command.status") == "sent", "the command sent");
        await device.PublishAsync($"/drone/{drone}/events", $$"""{"event":"VOICE_SPEAK_ACKNOWLEDGED","mission_id":"{{DroneExamples.MissionId}}","command_id":"{{commandId}}"}""");
        var settled = await console.WaitForAsync(m => m.Topic == "COMMAND_STATUS" && m.Json().StringAt("command.outcome") == "acknowledged", "the acknowledgement");
        Assert.Equal("req-1", settled.StringField("request_id"));
        // COMMAND_ACCEPTED comes before any change of the command, whichever arrived first at the gateway.
        var frames = console.Received.Where(m => m.Topic.StartsWith("COMMAND_", StringComparison.Ordinal)).ToList();
        Assert.Equal("COMMAND_ACCEPTED", frames[0].Topic);
        // Each frame tells the console something new (the command's creation publishes the stage
        // COMMAND_ACCEPTED already showed); a retry before the answer is a "sent" with one attempt more.
        var stages = frames.Select(f => (f.Json().StringAt("command.status"), f.Json().GetProperty("command").GetProperty("attempts").GetArrayLength())).ToList();
        Assert.Equal(stages.Distinct().Count(), stages.Count);
        Assert.Equal("acknowledged", stages[^1].Item1);
        Assert.Equal("acknowledged", (await Gateway.Api.GetCommandAsync(route, commandId)).Json.StringAt("status"));
    }

    [Fact]
    public async Task AnUnansweredVoiceCommandToADroneTheConsoleDoesNotFollowIsRetriedAndTimesOutOnTheConsole()
    {
        var followed = DroneIds.New("ws-followed");
        var silent = DroneIds.New("ws-silent");
        await using var device = await MqttTestClient.ConnectAsync(Gateway.MqttPort);
        await device.SubscribeAsync($"/drone/{silent}/command");
        await using var console = await DispatchConsole.ConnectAsync(Gateway, $"drone={followed}");

        await console.SendAsync($$"""{"type":"VOICE_COMMAND","drone_id":"{{silent}}","mission_id":"M-9","text":"Stay calm.","language":"es","expected_ack_timeout":300}""");

        var timedOut = await console.WaitForAsync(m => m.Topic == "COMMAND_STATUS" && m.Json().StringAt("command.outcome") == "timed_out", "the command timed out");
        Assert.Equal(silent, timedOut.StringField("drone_id"));
        Assert.Equal(3, timedOut.Json().At("command.attempts").GetArrayLength());
        var sent = await device.WaitForCountAsync(m => m.Topic == $"/drone/{silent}/command" && !m.IsEmpty, 3, "three attempts at the drone");
        Assert.All(sent, m => Assert.Equal("es", m.StringField("language")));
    }

    [Fact]
    public async Task BadMessagesAreAnsweredAndTheConsoleStaysConnected()
    {
        var drone = DroneIds.New("ws-bad");
        await using var console = await DispatchConsole.ConnectAsync(Gateway, $"drone={drone}");

        await console.SendAsync("not json");
        Assert.Contains("not JSON", (await console.WaitForAsync(m => m.Topic == "ERROR", "an error for text that is not JSON")).StringField("reason"));
        await console.SendAsync("""{"type":"HELLO","request_id":"r-hello"}""");
        var unknown = await console.WaitForAsync(m => m.Topic == "ERROR" && m.StringField("request_id") == "r-hello", "an error for an unknown type");
        Assert.Contains("VOICE_COMMAND", unknown.StringField("reason"));
        await console.SendAsync("""{"type":"VOICE_COMMAND","text":"hello","request_id":"r-nodrone"}""");
        var noDrone = await console.WaitForAsync(m => m.Topic == "COMMAND_REJECTED" && m.StringField("request_id") == "r-nodrone", "a refusal without drone_id");
        Assert.Equal("drone_id", noDrone.Json().At("errors")[0].StringAt("field"));
        await console.SendAsync($$"""{"type":"VOICE_COMMAND","drone_id":"{{drone}}","mission_id":"M-1","request_id":"r-notext"}""");
        var noText = await console.WaitForAsync(m => m.Topic == "COMMAND_REJECTED" && m.StringField("request_id") == "r-notext", "a refusal without text");
        Assert.Contains(noText.Json().At("errors").EnumerateArray(), e => e.StringAt("field") == "text");

        await Mosquitto.PublishAsync(Gateway.MqttPort, $"/drone/{drone}/voice/transcript", Line(drone, "still here"));
        await console.WaitForAsync(m => m.Topic == "VOICE_TRANSCRIPT", "a line after the bad messages");
        Assert.Equal(404, (await Gateway.Api.GetAsync($"api/devices/drone/{drone}/commands/none")).Status);
    }

    [Fact]
    public async Task ASlowConsoleIsDisconnectedWithTheReasonWhileAnotherKeepsItsStream()
    {
        var drone = DroneIds.New("ws-slow");
        await using var slow = await DispatchConsole.ConnectWithoutReadingAsync(Gateway, $"drone={drone}");
        await using var reading = await DispatchConsole.ConnectAsync(Gateway, $"drone={drone}");
        await using var device = await MqttTestClient.ConnectAsync(Gateway.MqttPort);
        // Lines of 2 KB until the console that does not read is dropped: its socket buffers and its
        // queue (the default 1000 messages) hold a few MB. Paced at about 2,000 a second, which the
        // console that reads keeps up with even on a busy machine; at most 20 MB.
        // The log is looked at in the pauses only: reading it copies all of it.
        var text = new string('x', 2000);
        for (var i = 0; i < 10_000; i++)
        {
            await device.PublishAsync($"/drone/{drone}/voice/transcript", Line(drone, $"{i} {text}"), qos: MqttQualityOfServiceLevel.AtMostOnce);
            if (i % 20 == 19)
            {
                if (Gateway.Logs.Contains("Disconnected dispatcher console"))
                    break;
                await Task.Delay(10);
            }
        }

        await Gateway.WaitForLogAsync("Disconnected dispatcher console");
        Assert.Contains("too slow", Gateway.Logs.Split('\n').First(l => l.Contains("Disconnected dispatcher console")));
        await slow.DrainUntilClosedAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, slow.Closed.Status);
        Assert.Contains("too slow", slow.Closed.Reason);

        await device.PublishAsync($"/drone/{drone}/voice/transcript", Line(drone, "last line"));
        await reading.WaitForAsync(m => m.Topic == "VOICE_TRANSCRIPT" && m.Json().StringAt("data.text") == "last line", "the last line on the console that reads");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(Gateway.Logs, "Disconnected dispatcher console"));
    }

    [Fact]
    public async Task APlainRequestOrABadQueryIsAProblemNotAStream()
    {
        var plain = await Gateway.Api.GetAsync("api/dispatch");
        Assert.Equal(400, plain.Status);
        Assert.Contains("WebSocket", plain.Json.StringAt("detail"));

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => DispatchConsole.OpenAsync(Gateway, "events=maybe", null));
        Assert.Contains("'400'", refused.Message);
    }
}
