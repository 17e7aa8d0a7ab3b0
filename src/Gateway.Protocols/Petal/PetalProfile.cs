using System.Text;
using System.Text.Json;
using Gateway.Contracts;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Protocols.Validation;

namespace Gateway.Protocols.Petal;

/// <summary>
/// Petal robots (<c>petal-app-manager.md</c>): commands carry a <c>messageId</c> that the robot's
/// <c>response</c> echoes with its <c>status</c> (<c>success</c>, else a failure) and
/// <c>result</c>; telemetry merges into the shadow. The document's HTTP surface lives in the host.
/// </summary>
public sealed class PetalProfile : IDeviceProfile, ICommandProtocol
{
    private static readonly CommandStatusNames Names = new("success", "error", "timeout");

    /// <summary>Telemetry, the hot path: checked without a DOM; sensors and system are free-form objects.</summary>
    private static readonly FieldTable Telemetry = new(
        FieldSpec.Timestamp("timestamp", required: false),
        FieldSpec.Object("sensors", required: false),
        FieldSpec.Object("system", required: false),
        FieldSpec.Object("location", required: false,
            FieldSpec.Number("latitude", required: false, -90, 90),
            FieldSpec.Number("longitude", required: false, -180, 180)));

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
        // Responses are rare, and their values are read out of the DOM.
        if (!JsonChecks.TryParseObject(payload, out var doc, out var reason))
            return InputPlan.Reject(reason);
        using (doc)
        {
            var root = doc.RootElement;
            var checks = new JsonChecks();
            var messageId = checks.String(root, "messageId", "messageId", required: true);
            var status = checks.String(root, "status", "status", required: true);
            if (!checks.Ok)
                return InputPlan.Reject(checks.FirstReason!);
            var success = status == "success";
            RawJson? result = root.TryGetProperty("result", out var r) ? new RawJson(Encoding.UTF8.GetBytes(r.GetRawText())) : null;
            var error = success ? null
                : root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : $"status {status}";
            return InputPlan.Event(PetalTopics.Response, new CommandAcknowledgement(null, messageId, null, success, error, result));
        }
    }

    public string CommandTopic(DeviceKey key) => PetalTopics.Command(key.Org!, key.Id);

    public CommandValidation ValidateCommand(DeviceKey key, ReadOnlySpan<byte> command)
    {
        if (!JsonChecks.TryParseObject(command, out var doc, out var reason))
            return CommandValidation.Invalid([new FieldError("$", reason)]);
        using (doc)
        {
            var checks = new JsonChecks();
            var name = checks.String(doc.RootElement, "command", "command", required: true);
            if (name is { Length: 0 })
                checks.Fail("command", "must not be empty");
            var requestedId = checks.String(doc.RootElement, "messageId", "messageId", required: false);
            if (requestedId is not null && !CommandValidation.IsValidId(requestedId))
                checks.Fail("messageId", CommandValidation.IdRule);
            checks.Timestamp(doc.RootElement, "timestamp", "timestamp", required: false);
            return checks.Ok ? new CommandValidation(name, null, null, [], requestedId) : CommandValidation.Invalid(checks.Errors);
        }
    }

    /// <summary>The command as given, with the gateway's command id as the document's <c>messageId</c>.</summary>
    public byte[] BuildCommandPayload(DeviceKey key, ReadOnlySpan<byte> command, string commandId, DateTimeOffset now) =>
        CommandPayloads.WithFields(command, now, ("messageId", commandId));
}
