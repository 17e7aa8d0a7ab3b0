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

    [Fact]
    public void A_response_other_than_success_fails_the_command_and_silence_times_it_out()
    {
        var failing = Submit(Robot, """{"command":"restart"}""");
        Publish("org/acme/device/robot-1/response", $$"""{"messageId":"{{failing.CommandId}}","status":"error","error":"busy"}""");
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
