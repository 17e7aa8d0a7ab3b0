using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;
using static Gateway.IntegrationTests.Infrastructure.FamilyExamples;
using static Gateway.IntegrationTests.Infrastructure.Fixtures;

namespace Gateway.IntegrationTests.Tests.Families.Anc;

/// <summary>The ANC platform's own topics beside the shadow: emergencies become journaled events, telemetry groups land in the reported state.</summary>
[Collection(AncCollection.Name)]
public sealed class AncPlatformTopicTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task AnEmergencyIsKeptAndPublishedOnTheGatewaysEventsTopic()
    {
        var thing = DeviceRoute.Of(AncThing.Kind, FamilyExamples.Anc.Thing);
        const string eventsTopic = "gateway/anc/anc-device-001/events";
        await using var observer = await MosquittoSubscriber.StartAsync(Gateway.MqttPort, eventsTopic);

        await Mosquitto.PublishFileAsync(Gateway.MqttPort, "anc/devices/anc-device-001/emergency", PathOf(FamilyExamples.Anc.Emergency), qos: 1);

        var published = (await observer.WaitForAsync(m => m.StringField("event") == "emergency", "the emergency on the events topic")).Json();
        JsonAssert.Same(Text(FamilyExamples.Anc.Emergency), published.At("payload"), "the emergency as the thing sent it");
        var view = await Gateway.WaitForDeviceAsync(thing, v => v.At("recent_events").EnumerateArray().Any(e => e.StringAt("event") == "emergency"), "the emergency among its recent events");
        var listed = view.At("recent_events").EnumerateArray().Last(e => e.StringAt("event") == "emergency");
        Assert.Equal("fire_alarm", listed.StringAt("payload.predicted_class"));
    }

    [Fact]
    public async Task AncMetricsLandInTheReportedStateUnderTheirGroup()
    {
        var thing = DeviceRoute.Of(AncThing.Kind, FamilyExamples.Anc.Thing);

        await Mosquitto.PublishFileAsync(Gateway.MqttPort, "anc/telemetry/anc-device-001/anc", PathOf(FamilyExamples.Anc.AncMetrics), qos: 1);

        var view = await Gateway.WaitForDeviceAsync(thing, v => v.Find("shadow.reported.anc") is not null, "the ANC metrics in its reported state");
        JsonAssert.Same(Text(FamilyExamples.Anc.AncMetrics), view.At("shadow.reported.anc"), "shadow.reported.anc");
    }
}
