using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Tests.Families.Petal;

/// <summary>A response that names no messageId cannot settle anything: it is refused the gateway's one way.</summary>
[Collection(PetalCollection.Name)]
public sealed class PetalRejectionTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task AResponseWithoutMessageIdIsRejectedAndChangesNothing()
    {
        var robot = PetalRobots.Route(DeviceIds.New("robot-rejected"));
        var neighbour = PetalRobots.Route(DeviceIds.New("robot-neighbour"));
        var responseTopic = PetalRobots.Topic(robot, "response");
        await using var watcher = await MosquittoSubscriber.StartAsync(Gateway.MqttPort, "gateway/rejected/petal");
        await Mosquitto.PublishFileAsync(Gateway.MqttPort, PetalRobots.Topic(robot, "telemetry"), Fixtures.PathOf(FamilyExamples.Petal.Telemetry), qos: 1);
        var before = await Gateway.WaitForDeviceAsync(robot, v => v.Find("shadow.reported.temperature") is not null, "its telemetry");

        await Mosquitto.PublishAsync(Gateway.MqttPort, responseTopic, Fixtures.With(FamilyExamples.Petal.Response, r => r.Remove("messageId")));
        await Mosquitto.PublishFileAsync(Gateway.MqttPort, PetalRobots.Topic(neighbour, "telemetry"), Fixtures.PathOf(FamilyExamples.Petal.Telemetry), qos: 1);

        var announced = await watcher.WaitForAsync(m => m.StringField("topic") == responseTopic, "the rejection of the response");
        var reason = RejectionAsserts.AssertAnnounced(announced, "petal", responseTopic, robot.EntityId, "messageId");
        var after = (await Gateway.Api.GetDeviceAsync(robot)).Json;
        JsonAssert.Same(before.At("shadow"), after.At("shadow"), "the robot's shadow");
        RejectionAsserts.AssertListed(after, responseTopic, reason);
        Assert.Empty(after.At("recent_events").EnumerateArray());
        await Gateway.WaitForDeviceAsync(neighbour, v => v.Find("shadow.reported.temperature") is not null, "the neighbour's telemetry");
    }
}
