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
            case Esp32Topics.Alert:
                return Esp32InputValidator.Alert.Check(payload, key) is { } alertReason ? InputPlan.Reject(alertReason) : InputPlan.Event(Esp32Topics.Alert);
            case Esp32Topics.CommandResponse:
                var table = Esp32InputValidator.CommandResponse;
                Span<FieldValue> found = stackalloc FieldValue[table.ValueCount];
                if (table.Check(payload, key, found) is { } reason)
                    return InputPlan.Reject(reason);
                var values = table.Values(payload, found);
                return InputPlan.Event(Esp32Topics.CommandResponse,
                    new CommandAcknowledgement(null, values.String("command_id"), null, values.Bool("success")!.Value, values.String("error"), values.Raw("response")));
            default:
                return InputPlan.Reject($"esp32 devices do not publish on {channel}");
        }
    }

    public string CommandTopic(DeviceKey key) => Esp32Topics.Commands(key.Org!, key.Id);

    public CommandValidation ValidateCommand(DeviceKey key, ReadOnlySpan<byte> command) => Esp32Commands.Validate(key, command);

    public byte[] BuildCommandPayload(DeviceKey key, ReadOnlySpan<byte> command, string commandId, DateTimeOffset now) =>
        CommandPayloads.WithFields(command, now, ("command_id", commandId), ("device_id", key.Id));

    public IReadOnlyList<FieldError> ValidateDesired(ReadOnlySpan<byte> desired) => Esp32Commands.Config.CheckAll(desired, default);

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
