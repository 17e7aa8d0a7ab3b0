namespace Gateway.Contracts.Watching;

/// <summary>
/// Sent by a watcher to the watch registry of every gateway node (<see cref="RegistryPath"/>): from
/// now on the node's device actors publish changes of the topic's device or family. The sender is
/// the subscriber; the registry watches it and forgets its topics when it stops.
/// </summary>
public sealed record StartWatching(string Topic) : IGatewayMessage
{
    public const string RegistryName = "device-watches";
    public const string RegistryPath = "/user/" + RegistryName;
}

/// <summary>
/// The registry's answer: the node's devices publish the topic, and the node's pub-sub mediator
/// already knows the subscription, so nothing published from now on is lost to gossip delay.
/// </summary>
public sealed record WatchingStarted(string Topic) : IGatewayMessage;

public sealed record StopWatching(string Topic) : IGatewayMessage;

/// <summary>What a watcher receives: a device's state or one of its commands changed, or it sent an event or a transcript line.</summary>
public interface IDeviceChange : IGatewayMessage
{
    string EntityId { get; }
}

/// <summary>The device view after a change, as its retained state publication shows it.</summary>
public sealed record DeviceChanged(string EntityId, Views.DeviceView View) : IDeviceChange;

/// <summary>A command's lifecycle moved on: sent, retried, acknowledged, failed or timed out.</summary>
public sealed record CommandChanged(string EntityId, Views.CommandView Command) : IDeviceChange;

/// <summary>The device sent an event, journaled (as <c>gateway/{kind}/{id}/events</c> shows it).</summary>
public sealed record DeviceEventAdded(string EntityId, Views.DeviceEventView Event) : IDeviceChange;

/// <summary>The device sent a line of its transcript (a drone's <c>voice/transcript</c>), as it sent it.</summary>
public sealed record TranscriptLineAdded(string EntityId, Json.RawJson Line, DateTimeOffset At) : IDeviceChange;
