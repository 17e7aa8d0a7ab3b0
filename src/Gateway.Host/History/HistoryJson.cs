using System.Buffers;
using System.Text.Json;
using Gateway.Contracts.Json;
using Gateway.Devices.History;
using Gateway.Devices.Journal;

namespace Gateway.Host.History;

/// <summary>
/// A history page as JSON, each item with its sequence number, its time and what was journaled:
/// an event with its name and payload, a transcript line as the drone sent it, telemetry as the
/// reported fields the entry carried, each with its own time (a coalesced window carries several,
/// a null value being a field it removed).
/// </summary>
public static class HistoryJson
{
    public static byte[] Write(string entityId, HistoryRequest request, HistoryPage page)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("entity_id", entityId);
            w.WriteString("channel", HistoryChannels.NameOf(request.Channel));
            WriteTime(w, "since", request.Since);
            WriteTime(w, "until", request.Until);
            w.WriteString("order", "oldest_first");
            w.WriteNumber("limit", request.Limit);
            w.WriteStartArray("items");
            foreach (var row in page.Items)
                WriteItem(w, row);
            w.WriteEndArray();
            if (page.NextCursor is { } next)
                w.WriteString("next_cursor", next.ToString(System.Globalization.CultureInfo.InvariantCulture));
            else
                w.WriteNull("next_cursor");
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteItem(Utf8JsonWriter w, HistoryRow row)
    {
        w.WriteStartObject();
        w.WriteNumber("sequence_nr", row.SequenceNr);
        switch (row.Entry)
        {
            case DeviceEventRecorded e:
                w.WriteString("at", e.At);
                w.WriteString("event", e.Event);
                WriteRaw(w, "payload", e.Payload);
                break;
            case TranscriptRecorded e:
                w.WriteString("at", e.At);
                WriteRaw(w, "payload", e.Payload);
                break;
            case ReportedMerged e:
                w.WriteString("at", e.At);
                w.WriteString("channel", e.Channel);
                if (e.Version is { } version)
                    w.WriteNumber("version", version);
                w.WriteStartArray("fields");
                WriteFields(w, e);
                w.WriteEndArray();
                break;
        }
        w.WriteEndObject();
    }

    private static void WriteFields(Utf8JsonWriter w, ReportedMerged e)
    {
        if (e.Fields is { } fields)
        {
            foreach (var f in fields)
                WriteField(w, f.Name, f.Value, f.UpdatedAt);
            return;
        }
        if (e.Section is { } section)
        {
            WriteField(w, section, e.Payload, e.At);
            return;
        }
        // A telemetry or status message as the device sent it: each top-level field, at the message's time.
        using var document = JsonDocument.Parse(e.Payload.Utf8);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            return;
        foreach (var property in document.RootElement.EnumerateObject())
        {
            w.WriteStartObject();
            w.WriteString("name", property.Name);
            w.WritePropertyName("value");
            property.Value.WriteTo(w);
            w.WriteString("updated_at", e.At);
            w.WriteEndObject();
        }
    }

    private static void WriteField(Utf8JsonWriter w, string name, RawJson value, DateTimeOffset at)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        WriteRaw(w, "value", value);
        w.WriteString("updated_at", at);
        w.WriteEndObject();
    }

    private static void WriteRaw(Utf8JsonWriter w, string name, RawJson value)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(value.Span, skipInputValidation: true);
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? time)
    {
        if (time is { } t)
            w.WriteString(name, t);
        else
            w.WriteNull(name);
    }
}
