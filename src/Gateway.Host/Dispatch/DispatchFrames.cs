using System.Buffers;
using System.Text.Json;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;

namespace Gateway.Host.Dispatch;

/// <summary>
/// The messages a dispatcher console receives, each one JSON text frame with a <c>type</c>. The
/// transcript line keeps the document's proxy's shape (<c>{"type":"VOICE_TRANSCRIPT","data":{...}}</c>,
/// the line as the drone sent it) and adds <c>drone_id</c>, which the line itself does not carry.
/// </summary>
public static class DispatchFrames
{
    public static byte[] Ready(DispatchFilter filter) => Write(w =>
    {
        w.WriteString("type"u8, "READY");
        w.WriteStartArray("drones"u8);
        foreach (var drone in filter.Drones.Order(StringComparer.Ordinal))
            w.WriteStringValue(drone);
        w.WriteEndArray();
        w.WriteBoolean("events"u8, filter.Events);
        w.WriteBoolean("state"u8, filter.State);
        w.WriteBoolean("commands"u8, filter.Commands);
    });

    public static byte[] Transcript(string droneId, RawJson line) => Write(w =>
    {
        w.WriteString("type"u8, "VOICE_TRANSCRIPT");
        w.WriteString("drone_id"u8, droneId);
        w.WritePropertyName("data"u8);
        w.WriteRawValue(line.Utf8, skipInputValidation: true);
    });

    public static byte[] Event(string droneId, DeviceEventView e) => Write(w =>
    {
        w.WriteString("type"u8, "DEVICE_EVENT");
        w.WriteString("drone_id"u8, droneId);
        w.WriteString("event"u8, e.Event);
        w.WriteString("received_at"u8, e.ReceivedAt);
        w.WritePropertyName("data"u8);
        w.WriteRawValue(e.Payload.Utf8, skipInputValidation: true);
    });

    /// <summary>The device view, as <c>GET /api/devices/drone/{id}</c> and the retained state publication show it.</summary>
    public static byte[] State(string droneId, DeviceView view) => Write(w =>
    {
        w.WriteString("type"u8, "DEVICE_STATE");
        w.WriteString("drone_id"u8, droneId);
        w.WritePropertyName("data"u8);
        JsonSerializer.Serialize(w, view, GatewayJsonContext.Default.DeviceView);
    });

    /// <summary>The console's command is journaled: its id, and the lifecycle that follows in <see cref="CommandStatus"/> frames.</summary>
    public static byte[] CommandAccepted(string? requestId, string droneId, CommandView command) => Command("COMMAND_ACCEPTED", requestId, droneId, command);

    public static byte[] CommandStatus(string? requestId, string droneId, CommandView command) => Command("COMMAND_STATUS", requestId, droneId, command);

    public static byte[] CommandRejected(string? requestId, string? droneId, string reason, IReadOnlyList<FieldError> errors) => Write(w =>
    {
        w.WriteString("type"u8, "COMMAND_REJECTED");
        WriteRequest(w, requestId, droneId);
        w.WriteString("reason"u8, reason);
        w.WriteStartArray("errors"u8);
        foreach (var error in errors)
        {
            w.WriteStartObject();
            w.WriteString("field"u8, error.Field);
            w.WriteString("message"u8, error.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    /// <summary>A console message the gateway could not take (not JSON, an unknown type): the console is not disconnected for it.</summary>
    public static byte[] Error(string? requestId, string reason) => Write(w =>
    {
        w.WriteString("type"u8, "ERROR");
        WriteRequest(w, requestId, null);
        w.WriteString("reason"u8, reason);
    });

    private static byte[] Command(string type, string? requestId, string droneId, CommandView command) => Write(w =>
    {
        w.WriteString("type"u8, type);
        WriteRequest(w, requestId, droneId);
        w.WritePropertyName("command"u8);
        JsonSerializer.Serialize(w, command, GatewayJsonContext.Default.CommandView);
    });

    private static void WriteRequest(Utf8JsonWriter w, string? requestId, string? droneId)
    {
        if (requestId is not null)
            w.WriteString("request_id"u8, requestId);
        if (droneId is not null)
            w.WriteString("drone_id"u8, droneId);
    }

    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
