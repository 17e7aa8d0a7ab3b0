using Gateway.Contracts;
using System.Buffers;
using System.Text.Json;
using Gateway.Contracts.Json;

namespace Gateway.Host.Dispatch;

/// <summary>
/// The document's <c>{"type":"VOICE_COMMAND","drone_id","mission_id","text","language"}</c>, turned
/// into the drone's VOICE_SPEAK command as the document's proxy builds it (language <c>en</c> unless
/// given), with the command id the console's session chose, so it can follow the command at once.
/// <c>interrupt</c> and <c>expected_ack_timeout</c> are passed on when given, and <c>request_id</c>
/// is echoed on every answer. The drone's command validator judges the rest, field by field.
/// </summary>
public sealed record VoiceCommand(string DroneId, string? RequestId, RawJson Speak)
{
    public const string Type = "VOICE_COMMAND";

    private static readonly string[] PassedOn = ["mission_id", "text", "language", "interrupt", "expected_ack_timeout"];

    /// <summary>The command, or why the message is not one (a missing or malformed <c>drone_id</c>).</summary>
    public static VoiceCommand? From(JsonElement message, string commandId, out string? requestId, out string? error)
    {
        requestId = message.TryGetProperty("request_id", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        if (!message.TryGetProperty("drone_id", out var drone) || drone.ValueKind != JsonValueKind.String || !TopicLevel.IsValid(drone.GetString()))
        {
            error = $"drone_id is required: the drone's id, {TopicLevel.Rule}";
            return null;
        }
        error = null;
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("command"u8, "VOICE_SPEAK");
            foreach (var name in PassedOn)
                if (message.TryGetProperty(name, out var value))
                {
                    w.WritePropertyName(name);
                    value.WriteTo(w);
                }
            if (!message.TryGetProperty("language", out _))
                w.WriteString("language"u8, "en");
            w.WriteString("command_id"u8, commandId);
            w.WriteEndObject();
        }
        return new VoiceCommand(drone.GetString()!, requestId, new RawJson(buffer.WrittenSpan.ToArray()));
    }
}
