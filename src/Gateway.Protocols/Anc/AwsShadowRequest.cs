using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Protocols.Validation;
using static Gateway.Protocols.Anc.AwsShadowErrors;

namespace Gateway.Protocols.Anc;

/// <summary>
/// A parsed <c>/update</c>, <c>/get</c> or <c>/delete</c> request, or the AWS error it earns (<see cref="AwsShadowErrors"/>):
/// 413 for its size, 415 when it is not UTF-8, 400 for what is malformed (not JSON, no state, a bad
/// node, nesting deeper than allowed, a bad clientToken or version). The request's clientToken
/// (<see cref="AwsClientToken"/>) goes with every error it can go with.
/// Version conflicts (409) and the size of the state an update leaves (413) depend on the shadow and
/// are checked by <see cref="AwsShadows"/>.
/// </summary>
public sealed record AwsShadowRequest(JsonObject? State, string? ClientToken, long? Version, int ErrorCode, string? Error)
{
    public static AwsShadowRequest Fail(int code, string message, string? clientToken = null) => new(null, clientToken, null, code, message);

    public static AwsShadowRequest ParseUpdate(ReadOnlySpan<byte> payload, AwsShadowLimits limits)
    {
        if (payload.Length > limits.MaxStateBytes)
            return Fail(PayloadTooLarge, TooLarge, AwsClientToken.Read(payload, limits.MaxClientTokenBytes).Value);
        if (Read(payload, limits, echoToken: true, out var root) is { } refused)
            return refused;
        var token = AwsClientToken.Of(root!, limits.MaxClientTokenBytes);
        return token.Invalid ? Fail(BadRequest, InvalidClientToken) : Update(root!, token.Value, limits);
    }

    /// <summary>
    /// The API's desired state (already checked to be one JSON object) as the update of the
    /// classic shadow it stands for, sized as that update's payload would be.
    /// </summary>
    public static AwsShadowRequest ParseDesired(ReadOnlySpan<byte> desired, AwsShadowLimits limits)
    {
        if (Read(desired, limits, echoToken: false, out var section) is { } refused)
            return refused;
        var root = new JsonObject { ["state"] = new JsonObject { ["desired"] = section } };
        return Encoding.UTF8.GetByteCount(root.ToJsonString()) > limits.MaxStateBytes ? Fail(PayloadTooLarge, TooLarge) : Update(root, null, limits);
    }

    /// <summary>A get or delete request, whose body may be empty or hold a clientToken.</summary>
    public static AwsShadowRequest ParseOther(ReadOnlySpan<byte> payload, AwsShadowLimits limits)
    {
        if (payload.IsEmpty)
            return new AwsShadowRequest(null, null, null, 0, null);
        if (Read(payload, limits, echoToken: true, out var root) is { } refused)
            return refused;
        var token = AwsClientToken.Of(root!, limits.MaxClientTokenBytes);
        return token.Invalid ? Fail(BadRequest, InvalidClientToken) : new AwsShadowRequest(null, token.Value, null, 0, null);
    }

    /// <summary>
    /// The refusal of a payload that is not one UTF-8 JSON object, echoing the clientToken a forward
    /// reader finds in it (when <paramref name="echoToken"/>); null when it is one, and the object,
    /// whose own clientToken then goes with whatever comes of it. A request that parses is thus read
    /// twice (UTF-8 scan, parse), never three times.
    /// </summary>
    private static AwsShadowRequest? Read(ReadOnlySpan<byte> payload, AwsShadowLimits limits, bool echoToken, out JsonObject? root)
    {
        root = null;
        // The one scan of the payload's UTF-8 (and of any \u escape it holds).
        if (JsonStrings.Undecodable(payload) is { } undecodable)
            return Fail(undecodable == FieldMessages.PayloadNotUtf8 ? UnsupportedMediaType : BadRequest,
                undecodable == FieldMessages.PayloadNotUtf8 ? NotUtf8 : InvalidJson, Echo(payload, limits, echoToken));
        try
        {
            root = JsonNode.Parse(payload, documentOptions: NoDuplicates) as JsonObject;
        }
        catch (JsonException)
        {
            return Fail(BadRequest, NestsPastReadingDepth(payload) ? TooDeep(limits.MaxDepth) : InvalidJson, Echo(payload, limits, echoToken));
        }
        return root is null ? Fail(BadRequest, InvalidJson, Echo(payload, limits, echoToken)) : null;
    }

    private static string? Echo(ReadOnlySpan<byte> payload, AwsShadowLimits limits, bool echoToken) =>
        echoToken ? AwsClientToken.Read(payload, limits.MaxClientTokenBytes).Value : null;

    private static AwsShadowRequest Update(JsonObject root, string? token, AwsShadowLimits limits)
    {
        long? version = null;
        if (root["version"] is { } v)
        {
            if (v.GetValueKind() != JsonValueKind.Number || !v.AsValue().TryGetValue<long>(out var number))
                return Fail(BadRequest, InvalidVersion, token);
            version = number;
        }
        if (!root.TryGetPropertyValue("state", out var stateNode) || stateNode is null)
            return Fail(BadRequest, MissingState, token);
        if (stateNode is not JsonObject state)
            return Fail(BadRequest, StateNotObject, token);
        foreach (var (key, value) in state)
        {
            if (key is not ("desired" or "reported"))
                return Fail(BadRequest, InvalidNode(key), token);
            if (value is not null and not JsonObject)
                return Fail(BadRequest, key == "desired" ? DesiredNotObject : ReportedNotObject, token);
            if (value is JsonObject section && Depth(section) > limits.MaxDepth)
                return Fail(BadRequest, TooDeep(limits.MaxDepth), token);
        }
        return new AwsShadowRequest(state, token, version, 0, null);
    }

    // A JsonObject fails on a duplicate name with an ArgumentException only when it is first
    // read, long after parsing: refusing duplicates while parsing makes them a 400 Invalid JSON.
    // The shadow depth limit counts objects only, so arrays nested 60 deep passed it and made the
    // thing's snapshot unreadable: requests nest no deeper than any other payload the gateway takes.
    private static readonly JsonDocumentOptions NoDuplicates = new() { AllowDuplicateProperties = false, MaxDepth = FieldTable.MaxPayloadDepth };

    /// <summary>
    /// Whether a payload the parser refused opens an object or array past its depth before anything
    /// else is wrong with it: AWS's nesting error rather than invalid JSON.
    /// </summary>
    private static bool NestsPastReadingDepth(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = FieldTable.MaxPayloadDepth + 1 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= FieldTable.MaxPayloadDepth)
                    return true;
            }
        }
        catch (JsonException)
        {
        }
        return false;
    }

    /// <summary>Levels of objects: <c>{"a":1}</c> is 1 deep, <c>{"a":{"b":1}}</c> 2.</summary>
    private static int Depth(JsonObject obj)
    {
        var deepest = 0;
        foreach (var (_, value) in obj)
        {
            var depth = value switch
            {
                JsonObject child => Depth(child),
                JsonArray array => array.OfType<JsonObject>().Select(Depth).DefaultIfEmpty(0).Max(),
                _ => 0,
            };
            deepest = Math.Max(deepest, depth);
        }
        return 1 + deepest;
    }
}
