using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;
using Xunit;

namespace Gateway.Tests.Families;

/// <summary>
/// Commands to an ANC thing on anc/devices/{id}/commands (the document's Cloud → Device topic),
/// settled by the answer the gateway documents on anc/devices/{id}/commands/response.
/// </summary>
public sealed class AncCommandSpec : DeviceHarness
{
    private const string Thing = "anc/anc-device-001";
    private const string Commands = "anc/devices/anc-device-001/commands";

    [Fact]
    public void A_command_goes_to_the_documents_topic_with_its_command_id_and_the_answer_settles_it()
    {
        var command = Submit(Thing, """{"command":"set_anc_mode","parameters":{"mode":"transparency"}}""");
        var published = Json(ExpectPublish(Commands).Payload);
        Assert.Equal(command.CommandId, published.GetProperty("command_id").GetString());
        Assert.Equal("set_anc_mode", published.GetProperty("command").GetString());
        Assert.Equal("transparency", published.GetProperty("parameters").GetProperty("mode").GetString());

        Publish($"{Commands}/response", $$$"""{"command_id":"{{{command.CommandId}}}","status":"success","result":{"mode":"transparency"}}""");
        var settled = Query<CommandView>(Thing, new AwaitCommandSettled(Thing, command.CommandId));
        Assert.Equal("acknowledged", settled.Status);
        Assert.Equal("transparency", Json(settled.Response!.Value).GetProperty("mode").GetString());
    }

    [Theory]
    [InlineData("failure")]
    [InlineData("rejected")]
    public void A_failed_answer_fails_it_with_the_devices_error(string status)
    {
        var command = Submit(Thing, """{"command":"calibrate"}""");
        ExpectPublish(Commands);
        Publish($"{Commands}/response", $$"""{"command_id":"{{command.CommandId}}","status":"{{status}}","error":"microphone busy"}""");
        var settled = Query<CommandView>(Thing, new AwaitCommandSettled(Thing, command.CommandId));
        Assert.Equal("failed", settled.Status);
        Assert.Equal("microphone busy", settled.Error);
    }

    [Theory]
    [InlineData("""{"status":"success"}""", "command_id is required")]
    [InlineData("""{"command_id":"c-1"}""", "status is required")]
    [InlineData("""{"device_id":"anc-device-002","command_id":"c-1","status":"success"}""", "device_id")]
    public void A_malformed_answer_is_rejected(string payload, string reason)
    {
        Publish($"{Commands}/response", payload);
        Assert.Contains(reason, Json(ExpectPublish("gateway/rejected/anc").Payload).GetProperty("reason").GetString());
    }

    [Fact]
    public void A_command_without_a_name_is_invalid()
    {
        var invalid = Assert.IsType<CommandInvalid>(Query<object>(Thing, new SubmitCommand(Thing, RawJson.Parse("""{"parameters":{}}"""))));
        Assert.Contains(invalid.Errors, e => e.Field == "command");
    }
}
