using System.Text;
using Gateway.Contracts;
using Gateway.Protocols;
using Gateway.Tests.Families;
using Xunit;

namespace Gateway.Tests.Protocols;

/// <summary>The high-rate inputs of the ESP32, ANC and Petal profiles, decoded without a DOM.</summary>
public sealed class HotPathDecodingSpec
{
    private static readonly DeviceProfiles Profiles = DeviceProfiles.Create(TestConfig.Gateway);

    private static readonly DeviceKey Esp32 = new("esp32", "org-123", "esp32-001");
    private static readonly DeviceKey Anc = new("anc", null, "anc-device-001");
    private static readonly DeviceKey Petal = new("petal", "acme", "robot-1");

    public static TheoryData<string, string, string?, string> DocumentPayloads() => new()
    {
        { "esp32", DeviceChannel.Telemetry, null, "esp32/telemetry.json" },
        { "esp32", DeviceChannel.Status, null, "esp32/status.json" },
        { "anc", DeviceChannel.Status, null, "anc/status.json" },
        { "anc", "emergency", null, "anc/emergency.json" },
        { "anc", "telemetry", "anc", "anc/anc_metrics.json" },
        { "anc", "telemetry", "system", "anc/system_metrics.json" },
        { "petal", DeviceChannel.Telemetry, null, "petal/telemetry.json" },
    };

    private static DeviceKey KeyOf(string family) => family switch
    {
        "esp32" => Esp32,
        "anc" => Anc,
        _ => Petal,
    };

    [Theory]
    [MemberData(nameof(DocumentPayloads))]
    public void The_documents_payloads_are_accepted_without_allocating(string family, string channel, string? section, string fixture)
    {
        var profile = Profiles.Get(family);
        var key = KeyOf(family);
        var payload = Encoding.UTF8.GetBytes(Fixture.Text(fixture));
        var action = profile.Interpret(key, channel, section, payload).Action;
        Assert.NotEqual(InputAction.Reject, action);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
            profile.Interpret(key, channel, section, payload);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Theory]
    [InlineData("esp32", DeviceChannel.Telemetry, null, """{"organization_id":"org-123","timestamp":"2025-01-27T10:00:00Z","sensors":{"ph":7,"chlorine":1,"temperature":20},"metadata":{"firmware_version":"1"}}""", "device_id is required")]
    [InlineData("esp32", DeviceChannel.Telemetry, null, """{"organization_id":"org-123","device_id":"esp32-001","timestamp":"2025-01-27T10:00:00Z","sensors":{"ph":7,"chlorine":-1,"temperature":20},"metadata":{"firmware_version":"1"}}""", "sensors.chlorine must be at least 0")]
    [InlineData("esp32", DeviceChannel.Telemetry, null, """{"organization_id":"org-123","device_id":"esp32-001","timestamp":"2025-01-27T10:00:00Z","sensors":{"ph":7,"chlorine":1,"temperature":20},"metadata":{"battery":101,"firmware_version":"1"}}""", "metadata.battery must be from 0 to 100")]
    [InlineData("esp32", DeviceChannel.Status, null, """{"device_id":"esp32-002","status":"online","firmware_version":"1","timestamp":"2025-01-27T10:00:00Z"}""", "device_id 'esp32-002' is not this device ('esp32-001')")]
    [InlineData("esp32", DeviceChannel.Status, null, """{"status":"online","firmware_version":"1","timestamp":"soon"}""", "timestamp must be an ISO 8601 time, e.g. 2025-01-27T10:00:00Z")]
    [InlineData("anc", DeviceChannel.Status, null, """{"status":5,"device_id":"other"}""", "device_id 'other' is not this device ('anc-device-001')")]
    [InlineData("anc", DeviceChannel.Status, null, """{"status":5}""", "status must be a string")]
    [InlineData("anc", "emergency", null, """{"is_emergency":"yes"}""", "is_emergency must be true or false")]
    [InlineData("anc", "telemetry", "audio", """{"confidence":1.5}""", "confidence must be from 0 to 1")]
    [InlineData("anc", "telemetry", "errors", """[1]""", "payload is not a JSON object")]
    [InlineData("petal", DeviceChannel.Telemetry, null, """{"sensors":[1]}""", "sensors must be an object")]
    [InlineData("petal", DeviceChannel.Telemetry, null, """{"location":{"longitude":-181}}""", "location.longitude must be from -180 to 180")]
    public void Refusals_keep_their_reasons(string family, string channel, string? section, string json, string reason)
    {
        var plan = Profiles.Get(family).Interpret(KeyOf(family), channel, section, Encoding.UTF8.GetBytes(json));
        Assert.Equal(InputAction.Reject, plan.Action);
        Assert.Equal(reason, plan.Reason);
    }

    [Fact]
    public void Anc_error_reports_are_events_whatever_they_hold() =>
        Assert.Equal(InputAction.Event, Profiles.Get("anc").Interpret(Anc, "telemetry", "errors", """{"code":7,"detail":[1]}"""u8).Action);
}
