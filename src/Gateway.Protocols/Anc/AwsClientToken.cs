using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Protocols.Anc;

/// <summary>
/// A shadow request's clientToken, which the error document of every refusal echoes ("clientToken —
/// Present only if a client token was used in the published message", AWS's Error response
/// document): a payload over the size limit, one that is not UTF-8, JSON that breaks off after the
/// token, a version conflict alike. Taken from the parsed request, or, from one that cannot be
/// parsed, by a forward reader that stops at the first top-level <c>clientToken</c>, so an
/// oversized payload is not read further. A token that is not a string, not UTF-8 or longer than
/// the limit is AWS's 400 "Invalid clientToken" and is echoed nowhere.
/// </summary>
public readonly record struct AwsClientToken(string? Value, bool Invalid)
{
    /// <summary>The token of a request that parsed (its names are unique, so this is the first one).</summary>
    public static AwsClientToken Of(JsonObject request, int maxBytes)
    {
        if (!request.TryGetPropertyValue("clientToken", out var node))
            return default;
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            return new AwsClientToken(null, Invalid: true);
        var token = value.GetValue<string>();
        return Encoding.UTF8.GetByteCount(token) > maxBytes ? new AwsClientToken(null, Invalid: true) : new AwsClientToken(token, Invalid: false);
    }

    public static AwsClientToken Read(ReadOnlySpan<byte> payload, int maxBytes)
    {
        var reader = new Utf8JsonReader(payload);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isToken = reader.ValueTextEquals("clientToken"u8);
                reader.Read();
                if (!isToken)
                {
                    reader.Skip();
                    continue;
                }
                if (reader.TokenType != JsonTokenType.String)
                    return new AwsClientToken(null, Invalid: true);
                var token = reader.GetString()!;
                return Encoding.UTF8.GetByteCount(token) > maxBytes ? new AwsClientToken(null, Invalid: true) : new AwsClientToken(token, Invalid: false);
            }
        }
        catch (JsonException)
        {
            // The JSON breaks off (or nests past the reader's depth) before any clientToken.
        }
        catch (InvalidOperationException)
        {
            // The token holds bytes that are not UTF-8, or it or a name before it escapes half a
            // surrogate pair (the request is then 400 Invalid JSON anyway): nothing to echo.
            return new AwsClientToken(null, Invalid: true);
        }
        return default;
    }
}
