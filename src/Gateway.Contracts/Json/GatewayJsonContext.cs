using System.Text.Json;
using System.Text.Json.Serialization;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;
using Gateway.Contracts.Watching;

namespace Gateway.Contracts.Json;

/// <summary>
/// Source-generated metadata for every message and view that crosses the network, so nothing is reflected over
/// at run time. Field names are snake_case, as the device documents spell theirs.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(DeviceInput))]
[JsonSerializable(typeof(InputTaken))]
[JsonSerializable(typeof(GetDeviceView))]
[JsonSerializable(typeof(DeviceNotFound))]
[JsonSerializable(typeof(SubmitCommand))]
[JsonSerializable(typeof(PublishedCommand))]
[JsonSerializable(typeof(CommandSubmitted))]
[JsonSerializable(typeof(CommandInvalid))]
[JsonSerializable(typeof(GetCommandStatus))]
[JsonSerializable(typeof(GetCommands))]
[JsonSerializable(typeof(CommandList))]
[JsonSerializable(typeof(AwaitCommandSettled))]
[JsonSerializable(typeof(CommandNotFound))]
[JsonSerializable(typeof(SetDesired))]
[JsonSerializable(typeof(DesiredInvalid))]
[JsonSerializable(typeof(WakeDevice))]
[JsonSerializable(typeof(DeviceView))]
[JsonSerializable(typeof(ShadowView))]
[JsonSerializable(typeof(CommandView))]
[JsonSerializable(typeof(StartWatching))]
[JsonSerializable(typeof(WatchingStarted))]
[JsonSerializable(typeof(StopWatching))]
[JsonSerializable(typeof(DeviceChanged))]
[JsonSerializable(typeof(CommandChanged))]
[JsonSerializable(typeof(DeviceEventAdded))]
[JsonSerializable(typeof(TranscriptLineAdded))]
[JsonSerializable(typeof(GetDirectory))]
[JsonSerializable(typeof(DirectoryPage))]
[JsonSerializable(typeof(ApplyRetention))]
[JsonSerializable(typeof(RetentionReady))]
public sealed partial class GatewayJsonContext : JsonSerializerContext;
