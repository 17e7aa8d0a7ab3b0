using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;
using static Gateway.IntegrationTests.Infrastructure.FamilyExamples;
using static Gateway.IntegrationTests.Infrastructure.Fixtures;

namespace Gateway.IntegrationTests.Tests.Families.Petal;

/// <summary>Telemetry on org/{org}/device/{robot}/telemetry merges into the robot's reported state.</summary>
[Collection(PetalCollection.Name)]
public sealed class PetalTelemetryTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task TelemetryMergesIntoTheReportedState()
    {
        var robot = PetalRobots.Route("robot-1");

        await Mosquitto.PublishFileAsync(Gateway.MqttPort, "org/acme/device/robot-1/telemetry", PathOf(FamilyExamples.Petal.Telemetry), qos: 1);
        await Gateway.WaitForDeviceAsync(robot, v => v.Find("shadow.reported.temperature") is not null, "the example telemetry");
        // The document's periodic telemetry, which groups its readings.
        await Mosquitto.PublishAsync(Gateway.MqttPort, "org/acme/device/robot-1/telemetry",
            """{"timestamp":"2025-08-25T10:31:00Z","system":{"cpu_usage":31.5,"battery_level":77},"location":{"latitude":47.37,"longitude":8.54,"altitude":410.0}}""");

        var view = await Gateway.WaitForDeviceAsync(robot, v => v.Find("shadow.reported.system") is not null, "the second telemetry merged");
        Assert.Equal(23.5, view.At("shadow.reported.temperature").GetDouble());
        Assert.Equal(65.2, view.At("shadow.reported.humidity").GetDouble());
        Assert.Equal("2025-08-25T10:31:00Z", view.StringAt("shadow.reported.timestamp"));
        Assert.Equal(77, view.At("shadow.reported.system.battery_level").GetInt32());
        Assert.Equal(47.37, view.At("shadow.reported.location.latitude").GetDouble());
    }
}
