using System.Collections.Frozen;
using System.Buffers;
using System.Text.Json;
using Gateway.Contracts;
using Gateway.Contracts.Json;
using Gateway.Protocols.Validation;

namespace Gateway.Protocols.Petal;

/// <summary>
/// Petal robots (<c>petal-app-manager.md</c>): commands carry a <c>messageId</c> that the robot's
/// <c>response</c> echoes. The document answers with <c>{"messageId", "status": "success", "result"}</c>
/// and, through <c>send_command_response</c>, with whatever its handler returns
/// (<c>{"status": "operational", "uptime", "version"}</c>, <c>{"status": "restarting"}</c>): a response
/// answers its command unless its status is one of <see cref="FailedStatuses"/>, and keeps its
/// <c>result</c>, or else its own fields. Telemetry merges into the shadow. The document's HTTP
/// surface lives in the host.
/// </summary>
public sealed class PetalProfile : IDeviceProfile, ICommandProtocol
{
    private static readonly CommandStatusNames Names = new("success", "error", "timeout");

    /// <summary>The statuses that fail a command; the document names only <c>success</c>, so any other answers it.</summary>
    public static readonly FrozenSet<string> FailedStatuses = FrozenSet.ToFrozenSet(["error", "failed", "failure"], StringComparer.Ordinal);

    /// <summary>Telemetry, the hot path: checked without a DOM; sensors and system are free-form objects.</summary>
    private static readonly FieldTable Telemetry = new(
        FieldSpec.Timestamp("timestamp", required: false),
        FieldSpec.Object("sensors", required: false),
        FieldSpec.Object("system", required: false),
        FieldSpec.Object("location", required: false,
            FieldSpec.Number("latitude", required: false, -90, 90),
            FieldSpec.Number("longitude", required: false, -180, 180)));

    /// <summary>A command's answer: its <c>result</c> is whatever the robot returns, and an <c>error</c> is read only where it is a string.</summary>
    private static readonly FieldTable Response = new(
        FieldSpec.String("messageId", required: true),
        FieldSpec.String("status", required: false),
        FieldSpec.Any("result"),
        FieldSpec.Any("error"));

    private static readonly FieldTable Command = new(
        FieldSpec.NonEmptyString("command", required: true),
        FieldSpec.Id("messageId", required: false),
        FieldSpec.Timestamp("timestamp", required: false));

    public string Kind => PetalTopics.Kind;

    public bool HasOrg => true;

    public CommandStatusNames StatusNames => Names;

    public IReadOnlyList<string> TopicFilters => PetalTopics.Filters;

    public bool TryParseTopic(string topic, out TopicMatch match)
    {
        if (PetalTopics.TryParse(topic, out var org, out var device, out var channel))
        {
            match = new TopicMatch(new DeviceKey(Kind, org, device), channel);
            return true;
        }
        match = default;
        return false;
    }

    public InputPlan Interpret(DeviceKey key, string channel, string? section, ReadOnlySpan<byte> payload)
    {
        if (channel == DeviceChannel.Telemetry)
            return Telemetry.Check(payload, key) is { } telemetryReason ? InputPlan.Reject(telemetryReason) : InputPlan.Report();
        Span<FieldValue> found = stackalloc FieldValue[Response.ValueCount];
        if (Response.Check(payload, key, found) is { } reason)
            return InputPlan.Reject(reason);
        var values = Response.Values(payload, found);
        var status = values.String("status");
        var success = status is null || !FailedStatuses.Contains(status);
        var error = success ? null : values.String("error") ?? $"status {status}";
        return InputPlan.Event(PetalTopics.Response,
            new CommandAcknowledgement(null, values.String("messageId"), null, success, error, values.Raw("result") ?? FieldsBesidesMessageId(payload)));
    }

    /// <summary>
    /// What a handler's <c>send_command_response</c> returned: the response without the id that
    /// matched it, every other member copied as written (a name given twice included, which a JSON
    /// object model would refuse). Read once per answer, off the hot path.
    /// </summary>
    private static RawJson FieldsBesidesMessageId(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        var output = new ArrayBufferWriter<byte>(payload.Length);
        using (var writer = new Utf8JsonWriter(output))
        {
            reader.Read();
            writer.WriteStartObject();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                if (name == "messageId")
                    continue;
                writer.WritePropertyName(name);
                writer.WriteRawValue(payload[start..(int)reader.BytesConsumed], skipInputValidation: true);
            }
            writer.WriteEndObject();
        }
        return new RawJson(output.WrittenSpan.ToArray());
    }

    public string CommandTopic(DeviceKey key) => PetalTopics.Command(key.Org!, key.Id);

    public CommandValidation ValidateCommand(DeviceKey key, ReadOnlySpan<byte> command)
    {
        Span<FieldValue> found = stackalloc FieldValue[Command.ValueCount];
        if (Command.CheckAll(command, key, found) is { Count: > 0 } errors)
            return CommandValidation.Invalid(errors);
        var values = Command.Values(command, found);
        return new CommandValidation(values.String("command"), null, null, [], values.String("messageId"));
    }

    /// <summary>The command as given, with the gateway's command id as the document's <c>messageId</c>.</summary>
    public byte[] BuildCommandPayload(DeviceKey key, ReadOnlySpan<byte> command, string commandId, DateTimeOffset now) =>
        CommandPayloads.WithFields(command, now, ("messageId", commandId));
}
