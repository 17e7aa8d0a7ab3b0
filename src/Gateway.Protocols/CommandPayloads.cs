using System.Globalization;
using System.Text.Json;

namespace Gateway.Protocols;

/// <summary>Builds the payload a command is published with: the caller's JSON object plus the fields the gateway adds.</summary>
public static class CommandPayloads
{
    /// <summary>
    /// Copies the object's properties, stamps <c>timestamp</c> when the caller left it out (every
    /// document's payloads carry one), and adds or replaces the given string fields.
    /// </summary>
    public static byte[] WithFields(ReadOnlySpan<byte> command, DateTimeOffset now, params (string Name, string Value)[] fields)
    {
        var reader = new Utf8JsonReader(command);
        using var doc = JsonDocument.ParseValue(ref reader);
        var scratch = JsonScratch.Command;
        var writer = scratch.Start();
        writer.WriteStartObject();
        var hasTimestamp = false;
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            if (Replaced(property, fields))
                continue;
            hasTimestamp |= property.NameEquals("timestamp"u8);
            property.WriteTo(writer);
        }
        if (!hasTimestamp)
            writer.WriteString("timestamp"u8, Timestamp(now));
        foreach (var (name, value) in fields)
            writer.WriteString(name, value);
        writer.WriteEndObject();
        return scratch.Written.ToArray();
    }

    private static bool Replaced(JsonProperty property, (string Name, string Value)[] fields)
    {
        foreach (var (name, _) in fields)
            if (property.NameEquals(name))
                return true;
        return false;
    }

    /// <summary>ISO 8601 UTC with milliseconds, the form the documents use.</summary>
    public static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
