using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Contracts.Json;
using Gateway.Contracts.Views;
using Gateway.Protocols.FamilyState;
using Gateway.Protocols.Outbound;

namespace Gateway.Protocols.Anc;

/// <summary>
/// A thing's AWS IoT Device Shadows (the classic one and any named ones) with the replies AWS
/// documents: <c>/update/accepted</c>, <c>/update/rejected</c>, <c>/update/delta</c>,
/// <c>/update/documents</c>, <c>/get/accepted|rejected</c>, <c>/delete/accepted|rejected</c>.
/// Updates and deletes are journaled before they are accepted.
/// </summary>
public sealed class AwsShadows(string thing, AwsShadowLimits limits) : IFamilyState
{
    private const string UpdateEntry = "shadow-update";
    private const string DeleteEntry = "shadow-delete";

    private AwsShadowDocument _classic = new();
    private readonly Dictionary<string, AwsShadowDocument> _named = new(StringComparer.Ordinal);
    private readonly DecidedEntry<ShadowEntry> _decided = new();

    public string ViewName => "aws_shadows";

    private AwsShadowDocument Shadow(string? name)
    {
        if (name is null)
            return _classic;
        if (!_named.TryGetValue(name, out var shadow))
            _named[name] = shadow = new AwsShadowDocument();
        return shadow;
    }

    private AwsShadowDocument? Existing(string? name) =>
        name is null ? (_classic.Exists ? _classic : null) : _named.GetValueOrDefault(name) is { Exists: true } s ? s : null;

    public FamilyStateStep Handle(string channel, string? section, ReadOnlySpan<byte> payload, DateTimeOffset at) => channel switch
    {
        AncTopics.ShadowUpdate => Update(section, AwsShadowRequest.ParseUpdate(payload, limits), at),
        AncTopics.ShadowGet => Get(section, AwsShadowRequest.ParseOther(payload, limits), at),
        AncTopics.ShadowDelete => Delete(section, AwsShadowRequest.ParseOther(payload, limits), at),
        _ => FamilyStateStep.Reject($"anc has no shadow operation {channel}"),
    };

    /// <summary>A request over the family's payload limit: AWS's 413 on the operation's rejected topic, with the clientToken where it leads.</summary>
    public FamilyStateStep? RefuseTooLarge(string channel, string? section, ReadOnlySpan<byte> payload, DateTimeOffset at)
    {
        var operation = channel switch
        {
            AncTopics.ShadowUpdate => "update",
            AncTopics.ShadowGet => "get",
            AncTopics.ShadowDelete => "delete",
            _ => null,
        };
        return operation is null ? null
            : Rejected(section, operation, AwsShadowErrors.PayloadTooLarge, AwsShadowErrors.TooLarge, AwsClientToken.Read(payload, limits.MaxClientTokenBytes).Value, at);
    }

    /// <summary>
    /// Whether a journaled entry is the thing's own doing: a delete, or an update that reports
    /// state. The API's desired-state updates are journaled as updates too, and report nothing.
    /// </summary>
    public static bool IsFromThing(FamilyStateRecorded entry)
    {
        if (entry.Name != UpdateEntry)
            return true;
        using var body = JsonDocument.Parse(entry.Payload.Utf8);
        return body.RootElement.TryGetProperty("state", out var state) && state.ValueKind == JsonValueKind.Object
            && state.TryGetProperty("reported", out _);
    }

    public FamilyStateStep? HandleDesired(RawJson desired, DateTimeOffset at)
    {
        // The API's desired state is an update of the classic shadow, checked like any other.
        return Update(null, AwsShadowRequest.ParseDesired(desired.Span, limits), at);
    }

    private FamilyStateStep Update(string? name, AwsShadowRequest request, DateTimeOffset at)
    {
        if (request.Error is { } error)
            return Rejected(name, "update", request.ErrorCode, error, request.ClientToken, at);
        var shadow = Shadow(name);
        if (request.Version is { } version && version != shadow.Version)
            return Rejected(name, "update", AwsShadowErrors.Conflict, AwsShadowErrors.VersionConflict, request.ClientToken, at);
        var trial = shadow.Clone();
        trial.Update(request.State!, at.ToUnixTimeSeconds());
        if (AwsShadowDocument.StateSize(trial.Desired, trial.Reported) > limits.MaxStateBytes)
            return Rejected(name, "update", AwsShadowErrors.PayloadTooLarge, AwsShadowErrors.TooLarge, request.ClientToken, at);
        var body = new JsonObject { ["shadow"] = name, ["state"] = request.State!.DeepClone(), ["client_token"] = request.ClientToken };
        return Journal(new FamilyStateRecorded(UpdateEntry, Raw(body), at), new ShadowEntry(name, request.State, request.ClientToken));
    }

    private FamilyStateStep Get(string? name, AwsShadowRequest request, DateTimeOffset at)
    {
        if (request.Error is { } error)
            return Rejected(name, "get", request.ErrorCode, error, request.ClientToken, at);
        if (Existing(name) is not { } shadow)
            return FamilyStateStep.Reply(Reply(name, "get/rejected", ErrorBody(AwsShadowErrors.NotFound, AwsShadowErrors.NoShadow(name ?? thing), request.ClientToken, at)));
        var body = Document(shadow, withDelta: true);
        body["timestamp"] = at.ToUnixTimeSeconds();
        WithToken(body, request.ClientToken);
        return FamilyStateStep.Reply(Reply(name, "get/accepted", body));
    }

    private FamilyStateStep Delete(string? name, AwsShadowRequest request, DateTimeOffset at)
    {
        if (request.Error is { } error)
            return Rejected(name, "delete", request.ErrorCode, error, request.ClientToken, at);
        if (Existing(name) is null)
            return FamilyStateStep.Reply(Reply(name, "delete/rejected", ErrorBody(AwsShadowErrors.NotFound, AwsShadowErrors.NoShadow(name ?? thing), request.ClientToken, at)));
        var body = new JsonObject { ["shadow"] = name, ["client_token"] = request.ClientToken };
        return Journal(new FamilyStateRecorded(DeleteEntry, Raw(body), at), new ShadowEntry(name, null, request.ClientToken));
    }

    /// <summary>An accepted update or delete, journaled before it is answered; what the request said goes with it to <see cref="Apply"/>.</summary>
    private FamilyStateStep Journal(FamilyStateRecorded entry, ShadowEntry read)
    {
        _decided.Keep(entry, read);
        return FamilyStateStep.Journal(entry, waitForJournal: true);
    }

    /// <summary>A refused request: the AWS reply on .../rejected, and the gateway's one way to reject.</summary>
    private FamilyStateStep Rejected(string? name, string operation, int code, string message, string? token, DateTimeOffset at) =>
        FamilyStateStep.Reject($"{code} {message}", Reply(name, $"{operation}/rejected", ErrorBody(code, message, token, at)));

    public IReadOnlyList<MqttPublish> Apply(FamilyStateRecorded entry, bool live)
    {
        var (name, update, token) = _decided.Take(entry) ?? ShadowEntry.Parse(entry);
        var timestamp = entry.At.ToUnixTimeSeconds();
        var shadow = Shadow(name);
        if (entry.Name == DeleteEntry)
        {
            shadow.Delete();
            if (!live)
                return [];
            var deleted = new JsonObject { ["version"] = shadow.Version, ["timestamp"] = timestamp };
            return [Reply(name, "delete/accepted", WithToken(deleted, token))];
        }

        var state = update!; // an update's entry always holds its state
        var previous = shadow.Exists ? Document(shadow, withDelta: false) : null;
        shadow.Update(state, timestamp);
        if (!live)
            return [];
        var publications = new List<MqttPublish>(3);
        var accepted = new JsonObject
        {
            ["state"] = state.DeepClone(),
            ["metadata"] = AwsShadowDocument.MetadataOf(state, timestamp),
            ["version"] = shadow.Version,
            ["timestamp"] = timestamp,
        };
        publications.Add(Reply(name, "update/accepted", WithToken(accepted, token)));
        if (state.ContainsKey("desired") && shadow.Delta() is { } delta)
        {
            var deltaBody = new JsonObject
            {
                ["version"] = shadow.Version,
                ["timestamp"] = timestamp,
                ["state"] = delta,
                ["metadata"] = shadow.DeltaMetadata(delta),
            };
            publications.Add(Reply(name, "update/delta", WithToken(deltaBody, token)));
        }
        var documents = new JsonObject
        {
            ["previous"] = previous,
            ["current"] = Document(shadow, withDelta: false),
            ["timestamp"] = timestamp,
        };
        publications.Add(Reply(name, "update/documents", WithToken(documents, token)));
        return publications;
    }

    private static JsonObject Document(AwsShadowDocument shadow, bool withDelta) => new()
    {
        ["state"] = shadow.State(withDelta),
        ["metadata"] = shadow.Metadata(),
        ["version"] = shadow.Version,
    };

    private static JsonObject ErrorBody(int code, string message, string? token, DateTimeOffset at) =>
        WithToken(new JsonObject { ["code"] = code, ["message"] = message, ["timestamp"] = at.ToUnixTimeSeconds() }, token);

    private static JsonObject WithToken(JsonObject body, string? token)
    {
        if (token is not null)
            body["clientToken"] = token;
        return body;
    }

    private MqttPublish Reply(string? name, string suffix, JsonObject body) =>
        new($"{AncTopics.ShadowRoot(thing, name)}/{suffix}", System.Text.Encoding.UTF8.GetBytes(body.ToJsonString(Readable)), Retain: false, AtLeastOnce: true);

    // AWS messages quote names ('thing~shadow'); relaxed escaping keeps them as AWS writes them.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static RawJson Raw(JsonNode node) => new(System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()));

    public void WriteView(Utf8JsonWriter writer)
    {
        var view = new JsonObject
        {
            ["classic"] = _classic.Exists ? Document(_classic, withDelta: true) : null,
            ["named"] = new JsonObject(_named.Where(n => n.Value.Exists)
                .Select(n => KeyValuePair.Create(n.Key, (JsonNode?)Document(n.Value, withDelta: true)))),
        };
        view.WriteTo(writer);
    }

    public ShadowView? DesiredView() => new(
        Raw(_classic.Reported ?? new JsonObject()),
        Raw(_classic.Desired ?? new JsonObject()),
        Raw(_classic.Delta() ?? new JsonObject()),
        _classic.Version,
        Raw(_classic.Metadata()));

    public RawJson Snapshot() => Raw(new JsonObject
    {
        ["classic"] = _classic.ToSnapshot(),
        ["named"] = new JsonObject(_named.Select(n => KeyValuePair.Create(n.Key, (JsonNode?)n.Value.ToSnapshot()))),
    });

    public void Restore(RawJson snapshot)
    {
        var root = JsonNode.Parse(snapshot.Span)!.AsObject();
        _classic = AwsShadowDocument.FromSnapshot(root["classic"]!.AsObject());
        _named.Clear();
        foreach (var (name, value) in root["named"]!.AsObject())
            _named[name] = AwsShadowDocument.FromSnapshot(value!.AsObject());
    }

    /// <summary>A journaled update (its state) or delete (no state) of one shadow, with the request's clientToken.</summary>
    private sealed record ShadowEntry(string? Shadow, JsonObject? State, string? ClientToken)
    {
        public static ShadowEntry Parse(FamilyStateRecorded entry)
        {
            var body = JsonNode.Parse(entry.Payload.Span)!.AsObject();
            return new ShadowEntry(body["shadow"]?.GetValue<string>(), body["state"]?.AsObject(), body["client_token"]?.GetValue<string>());
        }
    }
}
