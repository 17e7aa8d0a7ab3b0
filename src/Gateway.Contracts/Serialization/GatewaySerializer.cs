using System.Text.Json.Serialization.Metadata;
using Akka.Actor;
using Gateway.Contracts.Json;

namespace Gateway.Contracts.Serialization;

/// <summary>
/// Everything that crosses the network between gateway nodes and the services that call them:
/// messages to device actors, their answers, views and watches. Nothing here is journaled (the
/// device journal has its own serializer), so these types can change with the API alone.
/// </summary>
public sealed class GatewaySerializer(ExtendedActorSystem system)
    : JsonManifestSerializer(system, "gateway message", Table)
{
    /// <summary>
    /// 4711 was this serializer's until the journal's entries got their own serializer, which
    /// kept it because the journal's rows name it; messages moved to a new identifier.
    /// </summary>
    public const int SerializerId = 4712;

    private static readonly (string, JsonTypeInfo)[] Table =
    [
        ("in", GatewayJsonContext.Default.DeviceInput),
        ("it", GatewayJsonContext.Default.InputTaken),
        ("gv", GatewayJsonContext.Default.GetDeviceView),
        ("nf", GatewayJsonContext.Default.DeviceNotFound),
        ("sc", GatewayJsonContext.Default.SubmitCommand),
        ("pc", GatewayJsonContext.Default.PublishedCommand),
        ("cu", GatewayJsonContext.Default.CommandSubmitted),
        ("ci", GatewayJsonContext.Default.CommandInvalid),
        ("gc", GatewayJsonContext.Default.GetCommandStatus),
        ("gl", GatewayJsonContext.Default.GetCommands),
        ("cl", GatewayJsonContext.Default.CommandList),
        ("aw", GatewayJsonContext.Default.AwaitCommandSettled),
        ("cn", GatewayJsonContext.Default.CommandNotFound),
        ("sd", GatewayJsonContext.Default.SetDesired),
        ("di", GatewayJsonContext.Default.DesiredInvalid),
        ("wk", GatewayJsonContext.Default.WakeDevice),
        ("dv", GatewayJsonContext.Default.DeviceView),
        ("sv", GatewayJsonContext.Default.ShadowView),
        ("cv", GatewayJsonContext.Default.CommandView),
        ("sw", GatewayJsonContext.Default.StartWatching),
        ("ws", GatewayJsonContext.Default.WatchingStarted),
        ("xw", GatewayJsonContext.Default.StopWatching),
        ("dc", GatewayJsonContext.Default.DeviceChanged),
        ("cc", GatewayJsonContext.Default.CommandChanged),
        ("ea", GatewayJsonContext.Default.DeviceEventAdded),
        ("ta", GatewayJsonContext.Default.TranscriptLineAdded),
        ("gd", GatewayJsonContext.Default.GetDirectory),
        ("dp", GatewayJsonContext.Default.DirectoryPage),
        ("ar", GatewayJsonContext.Default.ApplyRetention),
        ("rr", GatewayJsonContext.Default.RetentionReady),
    ];

    public override int Identifier => SerializerId;
}
