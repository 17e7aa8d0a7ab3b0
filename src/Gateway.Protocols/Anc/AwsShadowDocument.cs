using System.Text.Json.Nodes;

namespace Gateway.Protocols.Anc;

/// <summary>
/// One AWS IoT Device Shadow: desired and reported state, per-leaf metadata timestamps (epoch
/// seconds, as AWS writes them) and a version. Merging follows AWS: objects merge key by key,
/// a null removes its key, anything else (arrays included) replaces the old value.
/// </summary>
public sealed class AwsShadowDocument
{
    public JsonObject? Desired { get; private set; }
    public JsonObject? Reported { get; private set; }
    public JsonObject? DesiredMetadata { get; private set; }
    public JsonObject? ReportedMetadata { get; private set; }
    public long Version { get; private set; }
    public bool Exists { get; private set; }

    /// <summary>Applies an accepted update's state (<c>{"desired": ..., "reported": ...}</c>) at a time, and bumps the version.</summary>
    public void Update(JsonObject state, long timestamp)
    {
        if (state.TryGetPropertyValue("desired", out var desired))
            (Desired, DesiredMetadata) = Merge(Desired, DesiredMetadata, desired, timestamp);
        if (state.TryGetPropertyValue("reported", out var reported))
            (Reported, ReportedMetadata) = Merge(Reported, ReportedMetadata, reported, timestamp);
        Version++;
        Exists = true;
    }

    /// <summary>Deletes the shadow. The version carries on, as AWS does for a shadow re-created soon after.</summary>
    public void Delete()
    {
        Desired = Reported = DesiredMetadata = ReportedMetadata = null;
        Exists = false;
    }

    private static (JsonObject?, JsonObject?) Merge(JsonObject? target, JsonObject? metadata, JsonNode? patch, long timestamp)
    {
        if (patch is null)
            return (null, null); // "desired": null clears the whole section
        target ??= new JsonObject();
        metadata ??= new JsonObject();
        MergeInto(target, metadata, (JsonObject)patch, timestamp);
        return target.Count == 0 ? (null, null) : (target, metadata);
    }

    private static void MergeInto(JsonObject target, JsonObject metadata, JsonObject patch, long timestamp)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                target.Remove(key);
                metadata.Remove(key);
                continue;
            }
            if (value is JsonObject patchObject)
            {
                if (target[key] is not JsonObject child)
                {
                    child = new JsonObject();
                    target[key] = child;
                }
                if (metadata[key] is not JsonObject childMeta)
                {
                    childMeta = new JsonObject();
                    metadata[key] = childMeta;
                }
                MergeInto(child, childMeta, patchObject, timestamp);
                if (child.Count == 0)
                {
                    target.Remove(key);
                    metadata.Remove(key);
                }
                continue;
            }
            target[key] = value.DeepClone();
            metadata[key] = Leaf(value, timestamp);
        }
    }

    // AWS gives each leaf a {"timestamp": t}; an array gets one per element.
    private static JsonNode Leaf(JsonNode value, long timestamp) => value is JsonArray array
        ? new JsonArray(array.Select(e => e is JsonObject o ? (JsonNode)MetadataFor(o, timestamp) : new JsonObject { ["timestamp"] = timestamp }).ToArray())
        : new JsonObject { ["timestamp"] = timestamp };

    private static JsonObject MetadataFor(JsonObject value, long timestamp)
    {
        var meta = new JsonObject();
        foreach (var (key, child) in value)
            meta[key] = child is JsonObject o ? MetadataFor(o, timestamp) : Leaf(child ?? JsonValue.Create(0), timestamp);
        return meta;
    }

    /// <summary>The metadata an update's state produced: the same shape as the state, each leaf stamped.</summary>
    public static JsonObject MetadataOf(JsonObject state, long timestamp)
    {
        var meta = new JsonObject();
        foreach (var (section, value) in state)
            meta[section] = value is JsonObject o ? MetadataFor(o, timestamp) : null;
        return meta;
    }

    /// <summary>What desired asks for that reported does not (yet) say; null when nothing.</summary>
    public JsonObject? Delta() => Desired is null ? null : Difference(Desired, Reported);

    private static JsonObject? Difference(JsonObject desired, JsonObject? reported)
    {
        var delta = new JsonObject();
        foreach (var (key, value) in desired)
        {
            var current = reported?[key];
            if (value is JsonObject desiredObject && current is JsonObject reportedObject)
            {
                if (Difference(desiredObject, reportedObject) is { } inner)
                    delta[key] = inner;
            }
            else if (!JsonNode.DeepEquals(value, current))
                delta[key] = value?.DeepClone();
        }
        return delta.Count == 0 ? null : delta;
    }

    /// <summary>Metadata for the keys of a delta, taken from desired's metadata.</summary>
    public JsonObject DeltaMetadata(JsonObject delta) => Pick(delta, DesiredMetadata);

    private static JsonObject Pick(JsonObject shape, JsonObject? metadata)
    {
        var result = new JsonObject();
        foreach (var (key, value) in shape)
            result[key] = value is JsonObject o && metadata?[key] is JsonObject m ? Pick(o, m) : metadata?[key]?.DeepClone();
        return result;
    }

    /// <summary><c>{"desired": ..., "reported": ...}</c> as it stands (absent sections left out).</summary>
    public JsonObject State(bool withDelta)
    {
        var state = new JsonObject();
        if (Desired is not null)
            state["desired"] = Desired.DeepClone();
        if (Reported is not null)
            state["reported"] = Reported.DeepClone();
        if (withDelta && Delta() is { } delta)
            state["delta"] = delta;
        return state;
    }

    public JsonObject Metadata()
    {
        var meta = new JsonObject();
        if (DesiredMetadata is not null)
            meta["desired"] = DesiredMetadata.DeepClone();
        if (ReportedMetadata is not null)
            meta["reported"] = ReportedMetadata.DeepClone();
        return meta;
    }

    /// <summary>The size AWS limits (8 KB): desired plus reported, without metadata.</summary>
    public static int StateSize(JsonObject? desired, JsonObject? reported) =>
        (desired?.ToJsonString().Length ?? 0) + (reported?.ToJsonString().Length ?? 0);

    /// <summary>A copy to try an update on before accepting it.</summary>
    public AwsShadowDocument Clone() => new()
    {
        Desired = (JsonObject?)Desired?.DeepClone(),
        Reported = (JsonObject?)Reported?.DeepClone(),
        DesiredMetadata = (JsonObject?)DesiredMetadata?.DeepClone(),
        ReportedMetadata = (JsonObject?)ReportedMetadata?.DeepClone(),
        Version = Version,
        Exists = Exists,
    };

    public JsonObject ToSnapshot() => new()
    {
        ["desired"] = Desired?.DeepClone(),
        ["reported"] = Reported?.DeepClone(),
        ["desired_metadata"] = DesiredMetadata?.DeepClone(),
        ["reported_metadata"] = ReportedMetadata?.DeepClone(),
        ["version"] = Version,
        ["exists"] = Exists,
    };

    public static AwsShadowDocument FromSnapshot(JsonObject s) => new()
    {
        Desired = s["desired"]?.AsObject().DeepClone().AsObject(),
        Reported = s["reported"]?.AsObject().DeepClone().AsObject(),
        DesiredMetadata = s["desired_metadata"]?.AsObject().DeepClone().AsObject(),
        ReportedMetadata = s["reported_metadata"]?.AsObject().DeepClone().AsObject(),
        Version = s["version"]!.GetValue<long>(),
        Exists = s["exists"]!.GetValue<bool>(),
    };
}
