using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;
using static Gateway.IntegrationTests.Infrastructure.FamilyExamples;
using static Gateway.IntegrationTests.Infrastructure.Fixtures;

namespace Gateway.IntegrationTests.Tests.Families.Esp32;

/// <summary>Telemetry and status from a board, published with mosquitto_pub, end up in its tenant-scoped shadow.</summary>
[Collection(Esp32Collection.Name)]
public sealed class Esp32TelemetryTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task TheExampleTelemetryOnItsTenantsTopicFillsTheReportedShadow()
    {
        var device = Esp32Devices.Example;

        await Mosquitto.PublishFileAsync(Gateway.MqttPort, "devices/org-123/esp32-001/telemetry", PathOf(FamilyExamples.Esp32.Telemetry), qos: 1);

        var view = await Gateway.WaitForDeviceAsync(device, v => v.Find("shadow.reported.sensors.ph") is not null, "the example telemetry in its shadow");
        Assert.Equal("esp32", view.StringAt("kind"));
        Assert.Equal("org-123", view.StringAt("org"));
        Assert.Equal("esp32-001", view.StringAt("id"));
        Assert.True(view.At("online").GetBoolean(), view.ToString());
        var sensors = view.At("shadow.reported.sensors");
        Assert.Equal(7.2, sensors.At("ph").GetDouble());
        Assert.Equal(2.5, sensors.At("chlorine").GetDouble());
        Assert.Equal(25.5, sensors.At("temperature").GetDouble());
        Assert.Equal(650, sensors.At("orp").GetInt32());
        Assert.Equal(1200, sensors.At("tds").GetInt32());
        Assert.Equal(45.5, sensors.At("flow_rate").GetDouble());
        Assert.Equal(85, view.At("shadow.reported.metadata.battery").GetInt32());
        Assert.Equal("1.0.0", view.StringAt("shadow.reported.metadata.firmware_version"));
    }

    [Fact]
    public async Task TheExampleStatusPublishedRetainedIsMergedIntoTheReportedShadow()
    {
        // The status example names no device, so it is sent as it is for a board of its own;
        // the document publishes status retained.
        var device = Esp32Devices.New("esp32-status");

        await Mosquitto.PublishFileAsync(Gateway.MqttPort, Esp32Devices.Topic(device, "status"), PathOf(FamilyExamples.Esp32.Status), qos: 1, retain: true);

        var view = await Gateway.WaitForDeviceAsync(device, v => v.Find("shadow.reported.status") is not null, "the example status in its shadow");
        Assert.Equal("online", view.StringAt("shadow.reported.status"));
        Assert.Equal(85, view.At("shadow.reported.battery").GetInt32());
        Assert.Equal(-65, view.At("shadow.reported.signal_strength").GetInt32());
        Assert.Equal("1.0.0", view.StringAt("shadow.reported.firmware_version"));
    }
}
