using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Contracts.Json;

/// <summary>
/// A JSON value kept as its UTF-8 text. It is written inline (not base64) and read without
/// building a DOM, so events and views carry device payloads exactly as devices sent them.
/// </summary>
[JsonConverter(typeof(RawJsonConverter))]
public readonly struct RawJson : IEquatable<RawJson>
{
    private readonly byte[]? _utf8;

    public RawJson(byte[] utf8) => _utf8 = utf8;

    public static RawJson Null { get; } = new("null"u8.ToArray());
    public static RawJson EmptyObject { get; } = new("{}"u8.ToArray());

    public ReadOnlySpan<byte> Span => _utf8 ?? "null"u8;
    public byte[] Utf8 => _utf8 ?? "null"u8.ToArray();
    public bool IsNull => _utf8 is null || Span.SequenceEqual("null"u8);

    public static RawJson Parse(string json) => new(System.Text.Encoding.UTF8.GetBytes(json));

    public bool Equals(RawJson other) => Span.SequenceEqual(other.Span);
    public override bool Equals(object? obj) => obj is RawJson other && Equals(other);
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    public override string ToString() => System.Text.Encoding.UTF8.GetString(Span);
}

public sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override bool HandleNull => true;

    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return RawJson.Null;
        if (!reader.HasValueSequence && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
            return new RawJson(CopyScalar(ref reader));
        using var doc = JsonDocument.ParseValue(ref reader);
        return new RawJson(JsonSerializer.SerializeToUtf8Bytes(doc.RootElement, GatewayJsonContext.Default.JsonElement));
    }

    private static byte[] CopyScalar(ref Utf8JsonReader reader)
    {
        // A string token's ValueSpan excludes its quotes and is still escaped; keep it as JSON text.
        if (reader.TokenType == JsonTokenType.String)
        {
            var bytes = new byte[reader.ValueSpan.Length + 2];
            bytes[0] = (byte)'"';
            reader.ValueSpan.CopyTo(bytes.AsSpan(1));
            bytes[^1] = (byte)'"';
            return bytes;
        }
        return reader.ValueSpan.ToArray();
    }

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Span, skipInputValidation: false);
}
