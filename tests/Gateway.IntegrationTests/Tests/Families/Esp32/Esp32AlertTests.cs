using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;
using static Gateway.IntegrationTests.Infrastructure.FamilyExamples;
using static Gateway.IntegrationTests.Infrastructure.Fixtures;

namespace Gateway.IntegrationTests.Tests.Families.Esp32;

/// <summary>A board's alert is journaled as an event, shown in its view and published on gateway/esp32/{org}/{device}/events.</summary>
[Collection(Esp32Collection.Name)]
public sealed class Esp32AlertTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task TheExampleAlertIsKeptAsAnEventAndPublishedOnTheGatewaysEventsTopic()
    {
        var device = Esp32Devices.Example;
        const string eventsTopic = "gateway/esp32/org-123/esp32-001/events";
        await using var observer = await MosquittoSubscriber.StartAsync(Gateway.MqttPort, eventsTopic);

        await Mosquitto.PublishFileAsync(Gateway.MqttPort, "devices/org-123/esp32-001/alert", PathOf(FamilyExamples.Esp32.Alert), qos: 1);

        var published = (await observer.WaitForAsync(m => m.Topic == eventsTopic && m.StringField("event") == "alert", "the alert on the events topic")).Json();
        JsonAssert.Same(Text(FamilyExamples.Esp32.Alert), published.At("payload"), "the alert as the board sent it");
        var view = await Gateway.WaitForDeviceAsync(device, v => v.At("recent_events").EnumerateArray().Any(e => e.StringAt("event") == "alert"), "the alert among its recent events");
        var listed = view.At("recent_events").EnumerateArray().Last(e => e.StringAt("event") == "alert");
        Assert.Equal("warning", listed.StringAt("payload.severity"));
        Assert.Equal("pH level below threshold", listed.StringAt("payload.message"));
    }
}
