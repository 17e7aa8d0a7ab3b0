using System.Text.Json;

namespace Gateway.Protocols;

/// <summary>Small readers over device payloads that do not build a DOM.</summary>
public static class JsonRead
{
    /// <summary>The string value of a top-level property, or null when absent or not a string.</summary>
    public static string? TopLevelString(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(name);
                reader.Read();
                if (match)
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            return null;
        }
        return null;
    }
}
