using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Gateway.Protocols.Outbound;

namespace Gateway.Protocols;

/// <summary>
/// The one way a refused device message is reported, wherever it is refused (in the router,
/// which cannot tell the device, or in the device actor): a counter by family and reason, and
/// a message on <c>gateway/rejected/{kind}</c> with the reason and the original topic. The caller
/// logs it and, where there is a device, keeps it in the device's recent rejections.
/// </summary>
public static class Rejections
{
    private static readonly Meter Meter = new("Gateway.Rejections");
    private static readonly Counter<long> Counter = Meter.CreateCounter<long>("gateway.rejected", description: "Device messages refused, by family and reason");

    public static MqttPublish Report(string kind, string? device, string topic, string reason, DateTimeOffset at)
    {
        Counter.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("reason", Category(reason)));
        var buffer = new ArrayBufferWriter<byte>(256);
        // Reasons quote values ('org-999'); relaxed escaping keeps them readable on the wire.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("reason"u8, reason);
            writer.WriteString("topic"u8, topic);
            writer.WriteString("kind"u8, kind);
            if (device is null)
                writer.WriteNull("device"u8);
            else
                writer.WriteString("device"u8, device);
            writer.WriteString("at"u8, at);
            writer.WriteEndObject();
        }
        return new MqttPublish(GatewayTopics.Rejected(kind), buffer.WrittenSpan.ToArray(), Retain: false, AtLeastOnce: false);
    }

    /// <summary>
    /// A low-cardinality tag for the counter: the reason up to its first detail (a field name
    /// stays, values and ids go), so metrics do not grow a series per device or per value.
    /// </summary>
    public static string Category(string reason)
    {
        var cut = reason.IndexOfAny([':', '\'', '"']);
        return (cut > 0 ? reason[..cut] : reason).Trim();
    }
}
