using Gateway.Contracts.Views;
using Xunit;

namespace Gateway.Tests.Families;

/// <summary>dese-esp32.md's own examples through the ESP32 profile and a device actor.</summary>
public sealed class Esp32GoldenSpec : DeviceHarness
{
    private const string Entity = "esp32/org-123/esp32-001";
    private const string Topics = "devices/org-123/esp32-001";

    [Fact]
    public void The_documents_telemetry_and_status_build_the_shadow()
    {
        Publish($"{Topics}/telemetry", Fixture.Text("esp32/telemetry.json"));
        Publish($"{Topics}/status", Fixture.Text("esp32/status.json"));
        var reported = Json(View(Entity).Shadow.Reported);
        Assert.Equal(7.2, reported.GetProperty("sensors").GetProperty("ph").GetDouble());
        Assert.Equal("1.0.0", reported.GetProperty("metadata").GetProperty("firmware_version").GetString());
        Assert.Equal("online", reported.GetProperty("status").GetString());
        Assert.Equal(-65, reported.GetProperty("signal_strength").GetInt32());
    }

    [Fact]
    public void The_documents_command_is_published_and_settled_by_its_command_response()
    {
        var command = Submit(Entity, Fixture.Text("esp32/command.json"));
        Assert.Equal("cmd-1234567890-abc", command.CommandId);
        var published = Json(ExpectPublish($"{Topics}/commands").Payload);
        Assert.Equal("cmd-1234567890-abc", published.GetProperty("command_id").GetString());
        Assert.Equal("esp32-001", published.GetProperty("device_id").GetString());
        Assert.Equal("on", published.GetProperty("parameters").GetProperty("state").GetString());

        Publish($"{Topics}/command_response", Fixture.Text("esp32/command_response.json"));
        var settled = Query<CommandView>(Entity, new Gateway.Contracts.Messages.AwaitCommandSettled(Entity, command.CommandId));
        Assert.Equal("success", settled.Status);
        Assert.Equal(3600, Json(settled.Response!.Value).GetProperty("pump_duration").GetInt32());

        // Sent again as the document sends it, the same command id is the same command.
        Assert.Equal("success", Submit(Entity, Fixture.Text("esp32/command.json")).Status);
    }

    [Fact]
    public void A_failed_response_carries_the_devices_error_and_a_missing_one_times_out()
    {
        var failing = Submit(Entity, """{"command":"reboot"}""");
        Publish($"{Topics}/command_response",
            $$"""{"command_id":"{{failing.CommandId}}","success":false,"response":null,"error":"watchdog busy","timestamp":"2025-01-27T10:00:05Z"}""");
        var failed = Query<CommandView>(Entity, new Gateway.Contracts.Messages.AwaitCommandSettled(Entity, failing.CommandId));
        Assert.Equal("failure", failed.Status);
        Assert.Equal("watchdog busy", failed.Error);

        var silent = Submit(Entity, """{"command":"set_ph_target","parameters":{"target_ph":7.4}}""");
        var timedOut = Query<CommandView>(Entity, new Gateway.Contracts.Messages.AwaitCommandSettled(Entity, silent.CommandId));
        Assert.Equal("timeout", timedOut.Status);
        Assert.Single(timedOut.Attempts); // the document's backend does not retry by default

        Publish($"{Topics}/command_response",
            $$"""{"command_id":"{{silent.CommandId}}","success":true,"response":{"target_ph":7.4},"timestamp":"2025-01-27T10:01:00Z"}""");
        var late = Query<CommandView>(Entity, new Gateway.Contracts.Messages.GetCommandStatus(Entity, silent.CommandId));
        Assert.Equal("timeout", late.Status);
        Assert.NotNull(late.LateAcknowledgedAt);
        Assert.Equal(7.4, Json(late.Response!.Value).GetProperty("target_ph").GetDouble());
    }

    [Fact]
    public void Desired_config_is_pushed_on_the_config_topic()
    {
        Publish($"{Topics}/telemetry", Fixture.Text("esp32/telemetry.json"));
        var config = Json(Fixture.Text("esp32/config.json")).GetProperty("config").GetRawText();
        Query<ShadowView>(Entity, new Gateway.Contracts.Messages.SetDesired(Entity, Gateway.Contracts.Json.RawJson.Parse(config)));
        var pushed = Json(ExpectPublish($"{Topics}/config").Payload);
        Assert.Equal("esp32-001", pushed.GetProperty("device_id").GetString());
        Assert.Equal(30000, pushed.GetProperty("config").GetProperty("telemetry_interval").GetInt32());
        Assert.Equal(0.2, pushed.GetProperty("config").GetProperty("sensor_calibration").GetProperty("ph").GetProperty("offset").GetDouble());
    }

    [Fact]
    public void The_documents_alert_is_kept_and_published_as_an_event()
    {
        Publish($"{Topics}/alert", Fixture.Text("esp32/alert.json"));
        var published = Json(ExpectPublish("gateway/esp32/org-123/esp32-001/events").Payload);
        Assert.Equal("alert", published.GetProperty("event").GetString());
        Assert.Equal("warning", published.GetProperty("payload").GetProperty("severity").GetString());
        Assert.Equal("alert", View(Entity).RecentEvents.Single().Event);
    }

    [Theory]
    [InlineData("devices/org-999/esp32-001/telemetry", "esp32/telemetry.json", null, "organization_id 'org-123' is not this organization ('org-999')")]
    [InlineData("devices/org-123/esp32-001/telemetry", null, """{"device_id":"esp32-001","timestamp":"2025-01-27T10:00:00Z","organization_id":"org-123","sensors":{"ph":15,"chlorine":2.5,"temperature":25.5},"metadata":{"firmware_version":"1.0.0"}}""", "sensors.ph must be from 0 to 14")]
    [InlineData("devices/org-123/esp32-001/telemetry", null, """{"device_id":"esp32-001","timestamp":"2025-01-27T10:00:00Z","organization_id":"org-123","sensors":{"chlorine":2.5,"temperature":25.5},"metadata":{"firmware_version":"1.0.0"}}""", "sensors.ph is required")]
    [InlineData("devices/org-123/esp32-001/status", null, """{"status":"sleeping","firmware_version":"1.0.0","timestamp":"2025-01-27T10:00:00Z"}""", "status must be one of")]
    [InlineData("devices/org-123/esp32-001/alert", null, """{"severity":"panic","message":"x","timestamp":"2025-01-27T10:00:00Z"}""", "severity must be one of")]
    [InlineData("devices/org-123/esp32-001/command_response", null, """{"success":true,"timestamp":"2025-01-27T10:00:00Z"}""", "command_id is required")]
    [InlineData("devices/org-123/esp32-001/telemetry", null, "{not json", "not valid JSON")]
    public void Bad_messages_are_rejected_the_one_way(string topic, string? fixture, string? payload, string reason)
    {
        var entity = Publish(topic, fixture is null ? payload! : Fixture.Text(fixture))!;
        var rejected = Json(ExpectPublish("gateway/rejected/esp32").Payload);
        Assert.Contains(reason, rejected.GetProperty("reason").GetString());
        Assert.Equal(topic, rejected.GetProperty("topic").GetString());
        Assert.Contains(View(entity).RecentRejections, r => r.Reason.Contains(reason) && r.Topic == topic);
        Assert.Equal("{}", View(entity).Shadow.Reported.ToString());
    }

    [Theory]
    [InlineData("""{"command":"set_pump","parameters":{"pump_id":1,"state":"half"}}""", "parameters.state")]
    [InlineData("""{"command":"set_pump","parameters":{"state":"on"}}""", "parameters.pump_id")]
    [InlineData("""{"command":"set_ph_target","parameters":{"target_ph":20}}""", "parameters.target_ph")]
    [InlineData("""{"command":"calibrate_sensor","parameters":{"sensor_type":"ph"}}""", "parameters.value")]
    [InlineData("""{"command":"reboot","parameters":{"now":true}}""", "parameters.now")]
    [InlineData("""{"command":"self_destruct"}""", "command")]
    [InlineData("""{"command":"reboot","device_id":"esp32-002"}""", "device_id")]
    public void Invalid_commands_name_their_fields(string json, string field)
    {
        var reply = Query<object>(Entity, new Gateway.Contracts.Messages.SubmitCommand(Entity, Gateway.Contracts.Json.RawJson.Parse(json)));
        Assert.Contains(Assert.IsType<Gateway.Contracts.Messages.CommandInvalid>(reply).Errors, e => e.Field == field);
    }
}
