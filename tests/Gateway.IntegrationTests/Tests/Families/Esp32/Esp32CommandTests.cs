using System.Net;
using System.Text.Json;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using MQTTnet.Protocol;
using Xunit;
using static Gateway.IntegrationTests.Infrastructure.FamilyExamples;
using static Gateway.IntegrationTests.Infrastructure.Fixtures;

namespace Gateway.IntegrationTests.Tests.Families.Esp32;

/// <summary>
/// Commands posted to the API reach the board on devices/{org}/{device}/commands with the
/// gateway's command_id and the board's device_id, and its command_response settles them as
/// success or failure. The board side is mosquitto_sub and mosquitto_pub, as on a workbench.
/// </summary>
[Collection(Esp32Collection.Name)]
public sealed class Esp32CommandTests(GatewayFixture fixture)
{
    private const string SetPump = """{"command":"set_pump","parameters":{"pump_id":1,"state":"on","duration":3600}}""";

    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task APostedCommandReachesTheBoardAndItsResponseSettlesItAsSuccess()
    {
        var device = Esp32Devices.New("esp32-cmd");
        var commandTopic = Esp32Devices.Topic(device, "commands");
        await using var board = await MosquittoSubscriber.StartAsync(Gateway.MqttPort, commandTopic);

        var posted = await Gateway.Api.PostCommandAsync(device, SetPump);

        Assert.True(posted.StatusCode == HttpStatusCode.Accepted, posted.ToString());
        var commandId = posted.Json.StringAt("command_id");
        Assert.False(string.IsNullOrEmpty(commandId), posted.ToString());
        Assert.Equal($"/api/orgs/org-123/devices/esp32/{device.Id}/commands/{commandId}", posted.Location);
        // dese-esp32.md: commands time out after 30 s and the backend does not retry on its own.
        Assert.Equal(30000, posted.Json.At("ack_timeout_ms").GetInt32());
        Assert.Equal(1, posted.Json.At("max_attempts").GetInt32());

        var delivered = await board.WaitForAsync(m => m.Topic == commandTopic, "the command on the board's commands topic");
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, delivered.QualityOfService);
        var payload = delivered.Json();
        Assert.Equal(commandId, payload.StringAt("command_id"));
        Assert.Equal(device.Id, payload.StringAt("device_id"));
        Assert.Equal("set_pump", payload.StringAt("command"));
        JsonAssert.Same("""{"pump_id":1,"state":"on","duration":3600}""", payload.At("parameters"), "the parameters as posted");
        Assert.True(DateTimeOffset.TryParse(payload.StringAt("timestamp"), out _), $"no ISO 8601 timestamp: {delivered}");
        // "Retain: false": a board that connects later is not handed the command (unlike a drone's).
        await using (var late = await MqttTestClient.ConnectAsync(Gateway.MqttPort))
            Assert.Empty(await late.SubscribeForRetainedAsync(commandTopic));

        await Mosquitto.PublishAsync(Gateway.MqttPort, Esp32Devices.Topic(device, "command_response"), Esp32Devices.ResponseTo(commandId!));

        var settled = await Gateway.WaitForCommandStatusAsync(device, commandId!, "success");
        JsonAssert.Same(Object(FamilyExamples.Esp32.CommandResponse)["response"]!.ToJsonString(), settled.At("response"), "the board's response");
        Assert.Equal(JsonValueKind.Null, settled.At("error").ValueKind);
        Assert.Equal(JsonValueKind.String, settled.At("settled_at").ValueKind);
        Assert.Equal(1, settled.At("attempts").GetArrayLength());
    }

    [Fact]
    public async Task AnUnsuccessfulResponseSettlesTheCommandAsAFailureWithTheBoardsError()
    {
        var device = Esp32Devices.New("esp32-cmd-fail");
        var commandTopic = Esp32Devices.Topic(device, "commands");
        await using var board = await MosquittoSubscriber.StartAsync(Gateway.MqttPort, commandTopic);
        var posted = await Gateway.Api.PostCommandAsync(device, SetPump);
        Assert.True(posted.StatusCode == HttpStatusCode.Accepted, posted.ToString());
        var commandId = posted.Json.StringAt("command_id")!;
        await board.WaitForAsync(m => m.StringField("command_id") == commandId, "the command on the board's commands topic");

        await Mosquitto.PublishAsync(Gateway.MqttPort, Esp32Devices.Topic(device, "command_response"), Esp32Devices.ResponseTo(commandId, r =>
        {
            r["success"] = false;
            r["response"] = null;
            r["error"] = "pump 1 did not start: dry run protection";
        }));

        var settled = await Gateway.WaitForCommandStatusAsync(device, commandId, "failure");
        Assert.Equal("pump 1 did not start: dry run protection", settled.StringAt("error"));
    }

    [Fact]
    public async Task TheExampleCommandKeepsItsOwnIdAndPostingItAgainReturnsTheSameCommand()
    {
        var device = Esp32Devices.Example;
        const string commandTopic = "devices/org-123/esp32-001/commands";
        await using var board = await MosquittoSubscriber.StartAsync(Gateway.MqttPort, commandTopic);
        var example = Text(FamilyExamples.Esp32.Command);

        var first = await Gateway.Api.PostCommandAsync(device, example);
        Assert.True(first.StatusCode == HttpStatusCode.Accepted, first.ToString());
        Assert.Equal(FamilyExamples.Esp32.CommandId, first.Json.StringAt("command_id"));
        var delivered = await board.WaitForAsync(m => m.StringField("command_id") == FamilyExamples.Esp32.CommandId, "the example command on the board's commands topic");
        Assert.Equal("esp32-001", delivered.StringField("device_id"));
        // The document's own timestamp is passed on, not replaced.
        Assert.Equal("2025-01-27T10:00:00Z", delivered.StringField("timestamp"));

        // A client retrying its request gets the command already tracked, not a second one.
        var second = await Gateway.Api.PostCommandAsync(device, example);
        Assert.True(second.StatusCode == HttpStatusCode.Accepted, second.ToString());
        Assert.Equal(FamilyExamples.Esp32.CommandId, second.Json.StringAt("command_id"));
        Assert.Equal(first.Json.StringAt("accepted_at"), second.Json.StringAt("accepted_at"));
        Assert.Equal(1, (await Gateway.Api.GetCommandAsync(device, FamilyExamples.Esp32.CommandId)).Json.At("attempts").GetArrayLength());

        // The same id for a different command is a mistake, and said to be one.
        var clash = await Gateway.Api.PostCommandAsync(device, """{"command_id":"cmd-1234567890-abc","command":"reboot"}""");
        Assert.True(clash.StatusCode == HttpStatusCode.BadRequest, clash.ToString());
        Assert.True(clash.Json.Find("errors.command_id") is not null, clash.ToString());

        // The document's response example answers exactly this command.
        await Mosquitto.PublishFileAsync(Gateway.MqttPort, "devices/org-123/esp32-001/command_response", PathOf(FamilyExamples.Esp32.CommandResponse), qos: 1);
        var settled = await Gateway.WaitForCommandStatusAsync(device, FamilyExamples.Esp32.CommandId, "success");
        Assert.Equal("on", settled.StringAt("response.pump_state"));
    }

    public static TheoryData<string, string, string> InvalidCommands => new()
    {
        // case name, body, the field the 400 must name
        { "pump-state-neither-on-nor-off", """{"command":"set_pump","parameters":{"pump_id":1,"state":"maybe","duration":60}}""", "parameters.state" },
        { "pump-without-pump_id", """{"command":"set_pump","parameters":{"state":"on"}}""", "parameters.pump_id" },
        { "ph-target-above-14", """{"command":"set_ph_target","parameters":{"target_ph":15}}""", "parameters.target_ph" },
        { "calibration-of-an-unknown-sensor", """{"command":"calibrate_sensor","parameters":{"sensor_type":"salinity","value":1.0}}""", "parameters.sensor_type" },
        { "reboot-with-parameters", """{"command":"reboot","parameters":{"delay":5}}""", "parameters.delay" },
        { "unknown-command", """{"command":"self_destruct"}""", "command" },
        { "device_id-of-another-board", """{"command":"reboot","device_id":"esp32-002"}""", "device_id" },
    };

    [Theory]
    [MemberData(nameof(InvalidCommands))]
    public async Task AnInvalidCommandIsRefusedNamingTheField(string kind, string body, string field)
    {
        var device = Esp32Devices.New($"esp32-{kind}");

        var response = await Gateway.Api.PostCommandAsync(device, body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.True(response.Json.At("errors").TryGetProperty(field, out var messages) && messages.GetArrayLength() > 0,
            $"the answer does not name '{field}': {response}");
    }
}
