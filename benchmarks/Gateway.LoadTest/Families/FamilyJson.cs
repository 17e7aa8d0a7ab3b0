using System.Buffers;
using System.Text.Json;

namespace Gateway.LoadTest.Families;

/// <summary>Small helpers the families share to write and read their JSON.</summary>
public static class FamilyJson
{
    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The string values of two top-level properties of a JSON object, when both are there.</summary>
    public static bool TryReadTwoStrings(ReadOnlySpan<byte> json, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, out string a, out string b)
    {
        a = b = "";
        string? x = null, y = null;
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isFirst = reader.ValueTextEquals(first);
                var isSecond = !isFirst && reader.ValueTextEquals(second);
                reader.Read();
                if (isFirst && reader.TokenType == JsonTokenType.String)
                    x = reader.GetString();
                else if (isSecond && reader.TokenType == JsonTokenType.String)
                    y = reader.GetString();
                else
                    reader.Skip();
            }
        }
        catch (JsonException)
        {
            return false;
        }
        if (x is null || y is null)
            return false;
        (a, b) = (x, y);
        return true;
    }
}
