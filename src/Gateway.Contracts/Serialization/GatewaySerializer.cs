using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Akka.Actor;
using Akka.Serialization;
using Gateway.Contracts.Events;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;
using Gateway.Contracts.Watching;

namespace Gateway.Contracts.Serialization;

/// <summary>
/// The one serializer for everything the gateway persists or sends between nodes. Manifests are
/// short and stable: they are written into the journal, so a manifest is never reused or renamed.
/// </summary>
public sealed class GatewaySerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 4711;

    private static readonly (string Manifest, JsonTypeInfo Info)[] Table =
    [
        ("in", GatewayJsonContext.Default.DeviceInput),
        ("gv", GatewayJsonContext.Default.GetDeviceView),
        ("nf", GatewayJsonContext.Default.DeviceNotFound),
        ("sc", GatewayJsonContext.Default.SubmitCommand),
        ("cu", GatewayJsonContext.Default.CommandSubmitted),
        ("ci", GatewayJsonContext.Default.CommandInvalid),
        ("gc", GatewayJsonContext.Default.GetCommandStatus),
        ("aw", GatewayJsonContext.Default.AwaitCommandSettled),
        ("cn", GatewayJsonContext.Default.CommandNotFound),
        ("sd", GatewayJsonContext.Default.SetDesired),
        ("di", GatewayJsonContext.Default.DesiredInvalid),
        ("wk", GatewayJsonContext.Default.WakeDevice),
        ("dv", GatewayJsonContext.Default.DeviceView),
        ("sv", GatewayJsonContext.Default.ShadowView),
        ("cv", GatewayJsonContext.Default.CommandView),
        ("rm", GatewayJsonContext.Default.ReportedMerged),
        ("de", GatewayJsonContext.Default.DeviceEventRecorded),
        ("tr", GatewayJsonContext.Default.TranscriptRecorded),
        ("du", GatewayJsonContext.Default.DesiredUpdated),
        ("ca", GatewayJsonContext.Default.CommandAccepted),
        ("cs", GatewayJsonContext.Default.CommandAttemptSent),
        ("ck", GatewayJsonContext.Default.CommandAcknowledged),
        ("ct", GatewayJsonContext.Default.CommandTimedOut),
        ("cl", GatewayJsonContext.Default.LateAcknowledgementRecorded),
        ("sn", GatewayJsonContext.Default.DeviceSnapshot),
        ("ex", GatewayJsonContext.Default.ExtensionRecorded),
        ("rp", GatewayJsonContext.Default.DeviceHasPendingCommands),
        ("rs", GatewayJsonContext.Default.DeviceCommandsSettled),
        ("rn", GatewayJsonContext.Default.PendingCommandsSnapshot),
        ("sw", GatewayJsonContext.Default.StartWatching),
        ("ws", GatewayJsonContext.Default.WatchingStarted),
        ("xw", GatewayJsonContext.Default.StopWatching),
        ("dc", GatewayJsonContext.Default.DeviceChanged),
        ("cc", GatewayJsonContext.Default.CommandChanged),
    ];

    private static readonly FrozenDictionary<Type, (string Manifest, JsonTypeInfo Info)> ByType =
        Table.ToFrozenDictionary(e => e.Info.Type, e => e);

    private static readonly FrozenDictionary<string, JsonTypeInfo> ByManifest =
        Table.ToFrozenDictionary(e => e.Manifest, e => e.Info);

    /// <summary>Every type this serializer owns; tests walk it to prove each one round-trips.</summary>
    public static IReadOnlyCollection<Type> SupportedTypes => ByType.Keys;

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => Entry(o.GetType()).Manifest;

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, Entry(obj.GetType()).Info);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!ByManifest.TryGetValue(manifest, out var info))
            throw new SerializationException($"Unknown gateway manifest '{manifest}'");
        return JsonSerializer.Deserialize(bytes, info)
            ?? throw new SerializationException($"Gateway manifest '{manifest}' deserialized to null");
    }

    private static (string Manifest, JsonTypeInfo Info) Entry(Type type) =>
        ByType.TryGetValue(type, out var entry)
            ? entry
            : throw new SerializationException($"{type.FullName} is not a gateway message type; add it to {nameof(GatewaySerializer)}");
}
