using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Akka.Actor;
using Akka.Serialization;

namespace Gateway.Contracts.Serialization;

/// <summary>
/// System.Text.Json over source-generated metadata with a short string manifest per type. A
/// manifest is written next to every journal row and remote message, so it is never reused or
/// renamed; a type is found by a frozen lookup, nothing is reflected over at run time.
/// </summary>
public abstract class JsonManifestSerializer : SerializerWithStringManifest
{
    private readonly string _name;
    private readonly FrozenDictionary<Type, (string Manifest, JsonTypeInfo Info)> _byType;
    private readonly FrozenDictionary<string, JsonTypeInfo> _byManifest;

    protected JsonManifestSerializer(ExtendedActorSystem system, string name, IReadOnlyList<(string Manifest, JsonTypeInfo Info)> table)
        : base(system)
    {
        _name = name;
        _byType = table.ToFrozenDictionary(e => e.Info.Type, e => e);
        _byManifest = table.ToFrozenDictionary(e => e.Manifest, e => e.Info);
    }

    public override string Manifest(object o) => Entry(o.GetType()).Manifest;

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, Entry(obj.GetType()).Info);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!_byManifest.TryGetValue(manifest, out var info))
            throw new SerializationException($"Unknown {_name} manifest '{manifest}'");
        return JsonSerializer.Deserialize(bytes, info)
            ?? throw new SerializationException($"{_name} manifest '{manifest}' deserialized to null");
    }

    private (string Manifest, JsonTypeInfo Info) Entry(Type type) =>
        _byType.TryGetValue(type, out var entry)
            ? entry
            : throw new SerializationException($"{type.FullName} is not a {_name} type; add it to {GetType().Name}");
}
