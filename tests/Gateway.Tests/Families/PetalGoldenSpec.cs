using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;
using Xunit;

namespace Gateway.Tests.Families;

/// <summary>petal-app-manager.md's command/response pattern and telemetry through a robot's actor.</summary>
public sealed class PetalGoldenSpec : DeviceHarness
{
    private const string Robot = "petal/acme/robot-1";

    [Fact]
    public void A_command_carries_a_messageId_and_the_response_settles_it()
    {
        var command = Submit(Robot, Fixture.Text("petal/command.json"));
        var published = Json(ExpectPublish("org/acme/device/robot-1/command").Payload);
        Assert.Equal(command.CommandId, published.GetProperty("messageId").GetString());
        Assert.Equal("get_status", published.GetProperty("command").GetString());

        Publish("org/acme/device/robot-1/response", Fixture.Text("petal/response.json").Replace("MESSAGE_ID", command.CommandId));
        var settled = Query<CommandView>(Robot, new AwaitCommandSettled(Robot, command.CommandId));
        Assert.Equal("success", settled.Status);
        Assert.Equal("Command executed successfully", Json(settled.Response!.Value).GetString());
    }

    [Theory]
    [InlineData("get_status", """{"status":"operational","uptime":3600,"version":"1.0.0"}""")]
    [InlineData("restart", """{"status":"restarting"}""")]
    [InlineData("get_status", """{"uptime":12}""")]
    public void A_handlers_send_command_response_answers_its_command_and_keeps_its_fields(string command, string responseData)
    {
        var submitted = Submit(Robot, $$"""{"command":"{{command}}"}""");
        var response = System.Text.Json.Nodes.JsonNode.Parse(responseData)!.AsObject();
        response["messageId"] = submitted.CommandId;
        Publish("org/acme/device/robot-1/response", response.ToJsonString());
        var settled = Query<CommandView>(Robot, new AwaitCommandSettled(Robot, submitted.CommandId));
        Assert.Equal("success", settled.Status);
        Assert.Null(settled.Error);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(responseData), System.Text.Json.Nodes.JsonNode.Parse(settled.Response!.Value.ToString())),
            $"kept {settled.Response}");
    }

    [Theory]
    [InlineData("error")]
    [InlineData("failed")]
    [InlineData("failure")]
    public void Only_an_error_status_fails_the_command_and_silence_times_it_out(string status)
    {
        var failing = Submit(Robot, """{"command":"restart"}""");
        Publish("org/acme/device/robot-1/response", $$"""{"messageId":"{{failing.CommandId}}","status":"{{status}}","error":"busy"}""");
        var failed = Query<CommandView>(Robot, new AwaitCommandSettled(Robot, failing.CommandId));
        Assert.Equal("error", failed.Status);
        Assert.Equal("busy", failed.Error);

        var silent = Submit(Robot, """{"command":"get_status"}""");
        Assert.Equal("timeout", Query<CommandView>(Robot, new AwaitCommandSettled(Robot, silent.CommandId)).Status);
    }

    [Fact]
    public void Telemetry_merges_into_the_shadow()
    {
        Publish("org/acme/device/robot-1/telemetry", Fixture.Text("petal/telemetry.json"));
        Assert.Equal(65.2, Json(View(Robot).Shadow.Reported).GetProperty("humidity").GetDouble());
    }

    [Theory]
    [InlineData("org/acme/device/robot-1/response", """{"status":"success"}""", "messageId is required")]
    [InlineData("org/acme/device/robot-1/telemetry", """{"location":{"latitude":100}}""", "location.latitude")]
    [InlineData("org/acme/device/robot-1/telemetry", "[]", "not a JSON object")]
    public void Bad_messages_are_rejected(string topic, string payload, string reason)
    {
        Publish(topic, payload);
        Assert.Contains(reason, Json(ExpectPublish("gateway/rejected/petal").Payload).GetProperty("reason").GetString());
        Assert.Single(View(Robot).RecentRejections);
    }
}
