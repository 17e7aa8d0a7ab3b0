using System.Net;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using MQTTnet.Protocol;
using Xunit;
using static Gateway.IntegrationTests.Infrastructure.FamilyExamples;
using static Gateway.IntegrationTests.Infrastructure.Fixtures;

namespace Gateway.IntegrationTests.Tests.Families.Petal;

/// <summary>
/// A command reaches the robot on org/{org}/device/{robot}/command with a messageId, and the
/// robot's answer on .../response carrying that messageId settles it: answered with its result or
/// its own fields, unless its status is an error.
/// </summary>
[Collection(PetalCollection.Name)]
public sealed class PetalCommandTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task TheExampleCommandIsCorrelatedByMessageIdAndSettledByTheExampleResponse()
    {
        var robot = PetalRobots.Route("robot-1");
        const string commandTopic = "org/acme/device/robot-1/command";
        await using var petal = await MosquittoSubscriber.StartAsync(Gateway.MqttPort, commandTopic);

        var posted = await Gateway.Api.PostCommandAsync(robot, Text(FamilyExamples.Petal.Command));

        Assert.True(posted.StatusCode == HttpStatusCode.Accepted, posted.ToString());
        var commandId = posted.Json.StringAt("command_id")!;
        Assert.Equal($"/api/orgs/acme/devices/petal/robot-1/commands/{commandId}", posted.Location);
        var delivered = await petal.WaitForAsync(m => m.Topic == commandTopic, "the command on the robot's command topic");
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, delivered.QualityOfService);
        Assert.Equal("get_status", delivered.StringField("command"));
        Assert.Equal(commandId, delivered.StringField("messageId"));

        await Mosquitto.PublishAsync(Gateway.MqttPort, "org/acme/device/robot-1/response", PetalRobots.ResponseTo(commandId));

        var settled = await Gateway.WaitForCommandStatusAsync(robot, commandId, "success");
        Assert.Equal("Command executed successfully", settled.StringAt("response"));
        Assert.Equal(1, settled.At("attempts").GetArrayLength());
    }

    [Fact]
    public async Task TheDocumentsGetStatusHandlerAnswersWithItsOwnFieldsAndTheCommandSucceeds()
    {
        var (robot, commandId) = await DeliveredAsync("robot-status", """{"command":"get_status"}""");

        // custom_command_handler's send_command_response(response_topic, message_id, response_data).
        await Mosquitto.PublishAsync(Gateway.MqttPort, PetalRobots.Topic(robot, "response"),
            $$"""{"messageId":"{{commandId}}","status":"operational","uptime":3600,"version":"1.0.0"}""");

        var settled = await Gateway.WaitForCommandStatusAsync(robot, commandId, "success");
        Assert.Equal("operational", settled.StringAt("response.status"));
        Assert.Equal(3600, settled.At("response.uptime").GetInt32());
        Assert.Equal("1.0.0", settled.StringAt("response.version"));
    }

    [Fact]
    public async Task AResponseWithAnErrorStatusSettlesTheCommandAsAnError()
    {
        var (robot, commandId) = await DeliveredAsync("robot-error", """{"command":"restart"}""");

        await Mosquitto.PublishAsync(Gateway.MqttPort, PetalRobots.Topic(robot, "response"),
            $$"""{"messageId":"{{commandId}}","status":"error","error":"restart refused while a mission is running"}""");

        var settled = await Gateway.WaitForCommandStatusAsync(robot, commandId, "error");
        Assert.Equal("restart refused while a mission is running", settled.StringAt("error"));
    }

    [Fact]
    public async Task ACommandWithoutANameIsRefused()
    {
        var response = await Gateway.Api.PostCommandAsync(PetalRobots.Route(DeviceIds.New("robot-bad")), """{"parameters":{}}""");

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, response.ToString());
        Assert.True(response.Json.Find("errors.command") is not null, response.ToString());
    }

    /// <summary>A new robot's command, posted and seen on the robot's command topic.</summary>
    private async Task<(DeviceRoute Robot, string CommandId)> DeliveredAsync(string purpose, string command)
    {
        var robot = PetalRobots.Route(DeviceIds.New(purpose));
        await using var petal = await MosquittoSubscriber.StartAsync(Gateway.MqttPort, PetalRobots.Topic(robot, "command"));
        var posted = await Gateway.Api.PostCommandAsync(robot, command);
        Assert.True(posted.StatusCode == HttpStatusCode.Accepted, posted.ToString());
        var commandId = posted.Json.StringAt("command_id")!;
        await petal.WaitForAsync(m => m.StringField("messageId") == commandId, "the command on the robot's command topic");
        return (robot, commandId);
    }
}
