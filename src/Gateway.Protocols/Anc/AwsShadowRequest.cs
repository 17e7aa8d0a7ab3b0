using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Protocols.Anc;

/// <summary>
/// A parsed <c>/update</c> request, or the AWS error it earns: 400 for what is malformed (not
/// JSON, no state, a bad node, nesting deeper than allowed, a clientToken over its limit). The
/// messages are AWS's own, as the AWS IoT Device Shadow documentation gives them, so they are
/// not the gateway's field messages.
/// Version conflicts (409) and size (413) depend on the shadow and are checked by <see cref="AwsShadows"/>.
/// </summary>
public sealed record AwsShadowRequest(JsonObject? State, string? ClientToken, long? Version, int ErrorCode, string? Error)
{
    public static AwsShadowRequest Fail(int code, string message, string? clientToken = null) => new(null, clientToken, null, code, message);

    public static AwsShadowRequest ParseUpdate(ReadOnlySpan<byte> payload, AwsShadowLimits limits)
    {
        if (payload.Length > limits.MaxStateBytes)
            return TooLarge();
        return ParseObject(payload) is { } root ? Update(root, limits) : Fail(400, "Invalid JSON");
    }

    /// <summary>
    /// The API's desired state (already checked to be one JSON object) as the update of the
    /// classic shadow it stands for, sized as that update's payload would be.
    /// </summary>
    public static AwsShadowRequest ParseDesired(ReadOnlySpan<byte> desired, AwsShadowLimits limits)
    {
        if (ParseObject(desired) is not { } section)
            return Fail(400, "Invalid JSON");
        var root = new JsonObject { ["state"] = new JsonObject { ["desired"] = section } };
        return Encoding.UTF8.GetByteCount(root.ToJsonString()) > limits.MaxStateBytes ? TooLarge() : Update(root, limits);
    }

    private static AwsShadowRequest TooLarge() => Fail(413, "The payload exceeds the maximum size allowed");

    private static AwsShadowRequest Update(JsonObject root, AwsShadowLimits limits)
    {
        var token = ReadClientToken(root, limits, out var tokenError);
        if (tokenError is not null)
            return Fail(400, tokenError);
        long? version = null;
        if (root["version"] is { } v)
        {
            if (v.GetValueKind() != JsonValueKind.Number || !v.AsValue().TryGetValue<long>(out var number))
                return Fail(400, "Invalid version", token);
            version = number;
        }
        if (!root.TryGetPropertyValue("state", out var stateNode) || stateNode is null)
            return Fail(400, "Missing required node: state", token);
        if (stateNode is not JsonObject state)
            return Fail(400, "State node must be an object", token);
        foreach (var (key, value) in state)
        {
            if (key is not ("desired" or "reported"))
                return Fail(400, $"State contains an invalid node: '{key}'", token);
            if (value is not null and not JsonObject)
                return Fail(400, $"{char.ToUpperInvariant(key[0])}{key[1..]} node must be an object", token);
            if (value is JsonObject section && Depth(section) > limits.MaxDepth)
                return Fail(400, $"JSON contains too many levels of nesting; maximum is {limits.MaxDepth}", token);
        }
        return new AwsShadowRequest(state, token, version, 0, null);
    }

    /// <summary>The clientToken of a get or delete request (whose body may be empty).</summary>
    public static AwsShadowRequest ParseOther(ReadOnlySpan<byte> payload, AwsShadowLimits limits)
    {
        if (payload.IsEmpty)
            return new AwsShadowRequest(null, null, null, 0, null);
        if (ParseObject(payload) is not { } root)
            return Fail(400, "Invalid JSON");
        var token = ReadClientToken(root, limits, out var error);
        return error is null ? new AwsShadowRequest(null, token, null, 0, null) : Fail(400, error);
    }

    // A JsonObject fails on a duplicate name with an ArgumentException only when it is first
    // read, long after parsing: refusing duplicates while parsing makes them a 400 Invalid JSON.
    // The shadow depth limit counts objects only, so arrays nested 60 deep passed it and made the
    // thing's snapshot unreadable: requests nest no deeper than any other payload the gateway takes.
    private static readonly JsonDocumentOptions NoDuplicates = new() { AllowDuplicateProperties = false, MaxDepth = Validation.FieldTable.MaxPayloadDepth };

    private static JsonObject? ParseObject(ReadOnlySpan<byte> payload)
    {
        if (Validation.JsonStrings.Undecodable(payload) is not null)
            return null;
        try
        {
            return JsonNode.Parse(payload, documentOptions: NoDuplicates) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ReadClientToken(JsonObject root, AwsShadowLimits limits, out string? error)
    {
        error = null;
        if (root["clientToken"] is not { } node)
            return null;
        if (node.GetValueKind() != JsonValueKind.String)
        {
            error = "clientToken must be a string";
            return null;
        }
        var token = node.GetValue<string>();
        if (Encoding.UTF8.GetByteCount(token) > limits.MaxClientTokenBytes)
        {
            error = $"clientToken is longer than {limits.MaxClientTokenBytes} bytes";
            return null;
        }
        return token;
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
