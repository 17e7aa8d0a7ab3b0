using System.Net;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using MQTTnet.Protocol;
using Xunit;

namespace Gateway.IntegrationTests.Tests.Families.Anc;

/// <summary>
/// A command posted for an ANC thing reaches anc/devices/{id}/commands (the document's Cloud → Device
/// topic) at QoS 1 with its command_id, and the thing's answer on anc/devices/{id}/commands/response
/// settles it.
/// </summary>
[Collection(AncCollection.Name)]
public sealed class AncCommandTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task ACommandReachesTheThingAndItsAnswerSettlesIt()
    {
        var (thing, commandTopic, commandId, delivered) = await DeliveredAsync("anc-cmd", """{"command":"set_anc_mode","parameters":{"mode":"transparency"}}""");
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, delivered.QualityOfService);
        Assert.Equal("set_anc_mode", delivered.StringField("command"));
        Assert.Equal("transparency", delivered.StringField("parameters.mode"));

        await Mosquitto.PublishAsync(Gateway.MqttPort, $"{commandTopic}/response", $$$"""{"command_id":"{{{commandId}}}","status":"success","result":{"mode":"transparency"}}""");

        var settled = await Gateway.WaitForCommandStatusAsync(thing, commandId, "acknowledged");
        Assert.Equal("transparency", settled.StringAt("response.mode"));
    }

    [Fact]
    public async Task AFailedAnswerFailsTheCommandWithTheThingsError()
    {
        var (thing, commandTopic, commandId, _) = await DeliveredAsync("anc-fail", """{"command":"calibrate"}""");

        await Mosquitto.PublishAsync(Gateway.MqttPort, $"{commandTopic}/response", $$"""{"command_id":"{{commandId}}","status":"failure","error":"microphone busy"}""");

        var settled = await Gateway.WaitForCommandStatusAsync(thing, commandId, "failed");
        Assert.Equal("microphone busy", settled.StringAt("error"));
    }

    /// <summary>A new thing's command, posted and seen, with its command_id, on the thing's commands topic.</summary>
    private async Task<(DeviceRoute Thing, string CommandTopic, string CommandId, ReceivedMessage Delivered)> DeliveredAsync(string purpose, string command)
    {
        var id = DeviceIds.New(purpose);
        var thing = DeviceRoute.Of(AncThing.Kind, id);
        var commandTopic = $"anc/devices/{id}/commands";
        await using var device = await MosquittoSubscriber.StartAsync(Gateway.MqttPort, commandTopic);
        var posted = await Gateway.Api.PostCommandAsync(thing, command);
        Assert.True(posted.StatusCode == HttpStatusCode.Accepted, posted.ToString());
        var commandId = posted.Json.StringAt("command_id")!;
        var delivered = await device.WaitForAsync(m => m.StringField("command_id") == commandId, "the command on the thing's commands topic");
        return (thing, commandTopic, commandId, delivered);
    }
}
