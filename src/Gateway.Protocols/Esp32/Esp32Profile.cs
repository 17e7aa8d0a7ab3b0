using Gateway.Contracts;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Protocols.Validation;

namespace Gateway.Protocols.Esp32;

/// <summary>
/// DESE ESP32 boards (<c>dese-esp32.md</c>): tenant-scoped topics, validated telemetry and status,
/// six commands settled by <c>command_response</c> (success, failure with the device's error, or
/// <c>timeout</c>), the desired state pushed on <c>config</c>, and alerts kept as events.
/// </summary>
public sealed class Esp32Profile : IDeviceProfile, ICommandProtocol
{
    private static readonly CommandStatusNames Names = new("success", "failure", "timeout");

    public string Kind => Esp32Topics.Kind;

    public bool HasOrg => true;

    public CommandStatusNames StatusNames => Names;

    public bool TryParseTopic(string topic, out TopicMatch match)
    {
        if (Esp32Topics.TryParse(topic, out var org, out var device, out var channel))
        {
            match = new TopicMatch(new DeviceKey(Kind, org, device), channel);
            return true;
        }
        match = default;
        return false;
    }

    public IReadOnlyList<string> TopicFilters => Esp32Topics.Filters;

    public InputPlan Interpret(DeviceKey key, string channel, string? section, ReadOnlySpan<byte> payload)
    {
        switch (channel)
        {
            case DeviceChannel.Telemetry:
                return Esp32InputValidator.Telemetry.Check(payload, key) is { } telemetryReason ? InputPlan.Reject(telemetryReason) : InputPlan.Report();
            case DeviceChannel.Status:
                return Esp32InputValidator.Status.Check(payload, key) is { } statusReason ? InputPlan.Reject(statusReason) : InputPlan.Report();
        }
        // Alerts and command responses are rare, and a response's values are read out of the DOM.
        if (!JsonChecks.TryParseObject(payload, out var doc, out var reason))
            return InputPlan.Reject(reason);
        using (doc)
        {
            var root = doc.RootElement;
            var checks = new JsonChecks();
            switch (channel)
            {
                case Esp32Topics.Alert:
                    Esp32InputValidator.Alert(key, root, checks);
                    return checks.Ok ? InputPlan.Event(Esp32Topics.Alert) : InputPlan.Reject(checks.FirstReason!);
                case Esp32Topics.CommandResponse:
                    Esp32InputValidator.CommandResponse(key, root, checks);
                    if (!checks.Ok)
                        return InputPlan.Reject(checks.FirstReason!);
                    var success = root.GetProperty("success").GetBoolean();
                    var error = root.TryGetProperty("error", out var e) && e.ValueKind == System.Text.Json.JsonValueKind.String ? e.GetString() : null;
                    RawJson? response = root.TryGetProperty("response", out var r) && r.ValueKind == System.Text.Json.JsonValueKind.Object
                        ? new RawJson(System.Text.Encoding.UTF8.GetBytes(r.GetRawText()))
                        : null;
                    return InputPlan.Event(Esp32Topics.CommandResponse,
                        new CommandAcknowledgement(null, root.GetProperty("command_id").GetString(), null, success, error, response));
                default:
                    return InputPlan.Reject($"esp32 devices do not publish on {channel}");
            }
        }
    }

    public string CommandTopic(DeviceKey key) => Esp32Topics.Commands(key.Org!, key.Id);

    public CommandValidation ValidateCommand(DeviceKey key, ReadOnlySpan<byte> command) => Esp32Commands.Validate(key, command);

    public byte[] BuildCommandPayload(DeviceKey key, ReadOnlySpan<byte> command, string commandId, DateTimeOffset now) =>
        CommandPayloads.WithFields(command, now, ("command_id", commandId), ("device_id", key.Id));

    public IReadOnlyList<FieldError> ValidateDesired(ReadOnlySpan<byte> desired)
    {
        if (!JsonChecks.TryParseObject(desired, out var doc, out var reason))
            return [new FieldError("$", reason)];
        using (doc)
        {
            var root = doc.RootElement;
            var checks = new JsonChecks();
            checks.OnlyKnown(root, "", Esp32Commands.ConfigParameters, "a configurable parameter");
            if (root.TryGetProperty("telemetry_interval", out var ti) && ti.ValueKind != System.Text.Json.JsonValueKind.Null)
                checks.Integer(root, "telemetry_interval", "telemetry_interval", required: false, 1);
            if (root.TryGetProperty("mqtt_keepalive", out var ka) && ka.ValueKind != System.Text.Json.JsonValueKind.Null)
                checks.Integer(root, "mqtt_keepalive", "mqtt_keepalive", required: false, 1, 65535);
            checks.Object(root, "sensor_calibration", "sensor_calibration", required: false);
            checks.Object(root, "alert_thresholds", "alert_thresholds", required: false);
            return checks.Errors;
        }
    }

    public string? DesiredTopic(DeviceKey key) => Esp32Topics.Config(key.Org!, key.Id);

    /// <summary>The document's config message: <c>{device_id, config, timestamp}</c>.</summary>
    public byte[] BuildDesiredPayload(DeviceKey key, RawJson desired, DateTimeOffset now)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(desired.Span.Length + 96);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("device_id"u8, key.Id);
            writer.WritePropertyName("config"u8);
            writer.WriteRawValue(desired.Span);
            writer.WriteString("timestamp"u8, CommandPayloads.Timestamp(now));
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
