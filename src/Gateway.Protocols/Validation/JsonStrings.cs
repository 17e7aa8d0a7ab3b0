using System.Text.Json;

namespace Gateway.Protocols.Validation;

/// <summary>
/// Strings System.Text.Json reads past but cannot decode: bytes that are not UTF-8 inside a string
/// (the reader does not check them), and escapes of half a UTF-16 surrogate pair (<c>"\ud800"</c>,
/// which the JSON grammar allows and no .NET string can hold). Reading or comparing such a string
/// throws <see cref="InvalidOperationException"/>, not <see cref="JsonException"/>, so payloads
/// holding one are refused at the door and nothing after the check (a value read from an accepted
/// payload, the shadow, the journal, a reply) meets one.
/// </summary>
public static class JsonStrings
{
    /// <summary>Null when every escaped string and name of <paramref name="json"/> decodes; else the refusal. Invalid JSON is left to the caller's own reading.</summary>
    public static string? Undecodable(ReadOnlySpan<byte> json)
    {
        // Both are vectorized: a payload that escapes nothing costs two passes over its bytes.
        if (!System.Text.Unicode.Utf8.IsValid(json))
            return FieldMessages.PayloadNotUtf8;
        if (json.IndexOf("\\u"u8) < 0)
            return null;
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                    reader.GetString();
            }
            return null;
        }
        catch (InvalidOperationException)
        {
            return FieldMessages.PayloadLoneSurrogate;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
