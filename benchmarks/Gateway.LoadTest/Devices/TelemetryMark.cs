using System.Buffers;
using System.Text.Json;

namespace Gateway.LoadTest.Devices;

/// <summary>
/// What the tool adds to each telemetry payload to find it again: the device (lt_dev), the
/// device's message sequence number (lt_seq) and the send time on the tool's monotonic clock
/// (lt_ts, <see cref="System.Diagnostics.Stopwatch"/> ticks). The gateway keeps device fields it
/// does not know in the reported shadow, so its state publications carry the marks back.
/// </summary>
public readonly record struct TelemetryMark(int Device, long Seq, long SentAt)
{
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteNumber("lt_dev"u8, Device);
        writer.WriteNumber("lt_seq"u8, Seq);
        writer.WriteNumber("lt_ts"u8, SentAt);
    }

    /// <summary>Reads the marks from the top level of a telemetry payload, as a plain broker relays it.</summary>
    public static bool TryReadTelemetry(ReadOnlySequence<byte> payload, out TelemetryMark mark) =>
        TryRead(payload, inDeviceView: false, out mark);

    /// <summary>
    /// Reads the marks from a gateway state publication (the device view): they sit in
    /// shadow.reported, or one level down where a family files telemetry under a section
    /// (ANC's shadow.reported.system). Anything outside shadow.reported is not looked at.
    /// </summary>
    public static bool TryReadDeviceView(ReadOnlySequence<byte> payload, out TelemetryMark mark) =>
        TryRead(payload, inDeviceView: true, out mark);

    private static bool TryRead(ReadOnlySequence<byte> payload, bool inDeviceView, out TelemetryMark mark)
    {
        mark = default;
        long device = -1, seq = -1, sentAt = -1;
        var reader = new Utf8JsonReader(payload);
        var inShadow = false;
        var inReported = false;
        try
        {
            while (reader.Read())
            {
                // shadow.reported ends with an EndObject at depth 2; nothing after it is the device's.
                if (inReported && reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 2)
                    break;
                if (reader.TokenType != JsonTokenType.PropertyName)
                    continue;
                var depth = reader.CurrentDepth;
                if (inDeviceView && !inReported)
                {
                    if (depth == 1)
                        inShadow = reader.ValueTextEquals("shadow"u8);
                    else if (depth == 2 && inShadow)
                        inReported = reader.ValueTextEquals("reported"u8);
                    continue;
                }
                if (!inDeviceView && depth != 1)
                    continue;
                if (reader.ValueTextEquals("lt_dev"u8))
                    device = ReadNumber(ref reader);
                else if (reader.ValueTextEquals("lt_seq"u8))
                    seq = ReadNumber(ref reader);
                else if (reader.ValueTextEquals("lt_ts"u8))
                    sentAt = ReadNumber(ref reader);
                if (device is >= 0 and <= int.MaxValue && seq >= 0 && sentAt >= 0)
                {
                    mark = new TelemetryMark((int)device, seq, sentAt);
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON the tool wrote: not one of its messages.
        }
        return false;
    }

    private static long ReadNumber(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : -1;
}
