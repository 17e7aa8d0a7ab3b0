using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;
using static Gateway.IntegrationTests.Infrastructure.FamilyExamples;
using static Gateway.IntegrationTests.Infrastructure.Fixtures;

namespace Gateway.IntegrationTests.Tests.Families.Esp32;

/// <summary>
/// Tenant isolation and the document's field table: telemetry naming another tenant, missing a
/// required field or out of range is refused the one way the gateway refuses anything, and
/// leaves every shadow as it was.
/// </summary>
[Collection(Esp32Collection.Name)]
public sealed class Esp32RejectionTests(GatewayFixture fixture)
{
    private const string RejectedTopic = "gateway/rejected/esp32";

    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task TheExampleTelemetryOnAnotherTenantsTopicIsRejectedAndTheTenantsShadowIsUntouched()
    {
        var own = Esp32Devices.Example;
        const string foreignTopic = "devices/org-999/esp32-001/telemetry";
        await using var watcher = await MosquittoSubscriber.StartAsync(Gateway.MqttPort, RejectedTopic);

        // A reading of org-123's own with a timestamp of its own, so the shadow compared below is known to include it.
        var stamp = Esp32Devices.UniqueTimestamp();
        await Mosquitto.PublishAsync(Gateway.MqttPort, Esp32Devices.Topic(own, "telemetry"), Esp32Devices.TelemetryOf(own, t => t["timestamp"] = stamp));
        var before = await Gateway.WaitForDeviceAsync(own, v => v.StringAt("shadow.reported.timestamp") == stamp, "its own reading");

        // The document's payload verbatim: it says organization_id org-123, the topic says org-999.
        await Mosquitto.PublishFileAsync(Gateway.MqttPort, foreignTopic, PathOf(FamilyExamples.Esp32.Telemetry), qos: 1);

        var announced = await watcher.WaitForAsync(m => m.StringField("topic") == foreignTopic, "the rejection of the foreign tenant's message");
        var reason = RejectionAsserts.AssertAnnounced(announced, "esp32", foreignTopic, "esp32/org-999/esp32-001", "organization_id");
        Assert.Contains("org-999", reason);
        var after = (await Gateway.Api.GetDeviceAsync(own)).Json;
        JsonAssert.Same(before.At("shadow.reported"), after.At("shadow.reported"), "org-123's reported shadow");
        Assert.Equal(before.At("shadow.version").GetInt64(), after.At("shadow.version").GetInt64());

        // The tenant's own board carries on: its next reading is taken.
        await Mosquitto.PublishAsync(Gateway.MqttPort, Esp32Devices.Topic(own, "telemetry"), Esp32Devices.TelemetryOf(own, t => t["sensors"]!["ph"] = 7.4));
        await Gateway.WaitForDeviceAsync(own, v => v.At("shadow.reported.sensors.ph").GetDouble() == 7.4, "org-123's next reading");
    }

    /// <summary>
    /// A board whose every message so far was refused is still shown, with those rejections, so an
    /// operator can see why it never reports anything.
    /// </summary>
    [Fact]
    public async Task ABoardWhoseOnlyMessagesWereRejectedListsThemInItsView()
    {
        var foreign = DeviceRoute.InOrg(Esp32Devices.Kind, DeviceIds.New("org-999"), FamilyExamples.Esp32.DeviceId);
        var topic = Esp32Devices.Topic(foreign, "telemetry");
        await using var watcher = await MosquittoSubscriber.StartAsync(Gateway.MqttPort, RejectedTopic);

        await Mosquitto.PublishFileAsync(Gateway.MqttPort, topic, PathOf(FamilyExamples.Esp32.Telemetry), qos: 1);
        var reason = RejectionAsserts.AssertAnnounced(
            await watcher.WaitForAsync(m => m.StringField("topic") == topic, "the rejection"), "esp32", topic, foreign.EntityId, "organization_id");

        var view = await Gateway.Api.GetDeviceAsync(foreign);
        Assert.True(view.StatusCode == System.Net.HttpStatusCode.OK, $"BUG: the board that sent only rejected messages is not visible: {view}");
        RejectionAsserts.AssertListed(view.Json, topic, reason);
    }

    public static TheoryData<string, string> InvalidTelemetry => new()
    {
        // case name, what the reason must mention
        { "sensors.ph-missing", "sensors.ph is required" },
        { "ph-of-15", "sensors.ph" },
        { "firmware_version-missing", "metadata.firmware_version is required" },
        { "not-json", "JSON" },
        { "device_id-of-another-board", "device_id" },
    };

    [Theory]
    [MemberData(nameof(InvalidTelemetry))]
    public async Task InvalidTelemetryIsRejectedAndLeavesTheShadowUnchanged(string kind, string reasonMentions)
    {
        var device = Esp32Devices.New("esp32-rejected");
        var neighbour = Esp32Devices.New("esp32-neighbour");
        var topic = Esp32Devices.Topic(device, "telemetry");
        await using var watcher = await MosquittoSubscriber.StartAsync(Gateway.MqttPort, RejectedTopic);
        await Mosquitto.PublishAsync(Gateway.MqttPort, topic, Esp32Devices.TelemetryOf(device));
        var before = await Gateway.WaitForDeviceAsync(device, v => v.Find("shadow.reported.sensors.ph") is not null, "its first reading");

        await Mosquitto.PublishAsync(Gateway.MqttPort, topic, Payload(kind, device));
        await Mosquitto.PublishAsync(Gateway.MqttPort, Esp32Devices.Topic(neighbour, "telemetry"), Esp32Devices.TelemetryOf(neighbour));

        var reason = RejectionAsserts.AssertAnnounced(
            await watcher.WaitForAsync(m => m.StringField("topic") == topic, $"the rejection on {topic}"), "esp32", topic, device.EntityId, reasonMentions);
        var after = (await Gateway.Api.GetDeviceAsync(device)).Json;
        JsonAssert.Same(before.At("shadow.reported"), after.At("shadow.reported"), "the reported shadow");
        Assert.Equal(before.At("shadow.version").GetInt64(), after.At("shadow.version").GetInt64());
        RejectionAsserts.AssertListed(after, topic, reason);
        // Another board sending at the same time is not held up by the refusal.
        await Gateway.WaitForDeviceAsync(neighbour, v => v.Find("shadow.reported.sensors.ph") is not null, "the neighbour's reading");
    }

    private static string Payload(string kind, DeviceRoute device) => kind switch
    {
        "sensors.ph-missing" => Esp32Devices.TelemetryOf(device, t => t["sensors"]!.AsObject().Remove("ph")),
        "ph-of-15" => Esp32Devices.TelemetryOf(device, t => t["sensors"]!["ph"] = 15),
        "firmware_version-missing" => Esp32Devices.TelemetryOf(device, t => t["metadata"]!.AsObject().Remove("firmware_version")),
        "not-json" => "ph=7.2;chlorine=2.5",
        "device_id-of-another-board" => Esp32Devices.TelemetryOf(device, t => t["device_id"] = "esp32-002"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
