using System.Text;
using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Gateway.Contracts;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;
using Gateway.Devices.Actors;
using Gateway.Devices.Settings;
using Gateway.Protocols;
using Gateway.Protocols.Outbound;
using Gateway.Protocols.Routing;
using Xunit;

namespace Gateway.Tests.Families;

/// <summary>
/// Device actors of any family in process, fed the way the broker feeds them: a topic and a
/// payload go through the real router (and the payload-key lookup where the topic names no
/// device), and everything the actor publishes lands on a probe.
/// </summary>
public abstract class DeviceHarness : TestKit
{
    private const string SpecSettings = """
        gateway.commands.retry-backoff = 50ms
        gateway.families.esp32.commands.ack-timeout = 1s
        gateway.families.petal.commands.ack-timeout = 1s
        gateway.devices.snapshot-every = 3
        """;

    private readonly Dictionary<string, IActorRef> _devices = new();
    private readonly DeviceActorContext _context;

    protected DeviceHarness() : this("")
    {
    }

    /// <summary>With <paramref name="settings"/> (HOCON) over the harness's own.</summary>
    protected DeviceHarness(string settings) : base(TestConfig.InProcess($"{SpecSettings}\n{settings}"))
    {
        Mqtt = CreateTestProbe();
        var config = Sys.Settings.Config;
        Profiles = DeviceProfiles.Create(config);
        Router = new TopicRouter(Profiles);
        _context = TestConfig.DeviceContext(config, Mqtt.Ref, CreateTestProbe().Ref, Profiles);
    }

    protected TestProbe Mqtt { get; }
    protected DeviceProfiles Profiles { get; }
    protected TopicRouter Router { get; }

    protected IActorRef Device(string entityId)
    {
        if (!_devices.TryGetValue(entityId, out var device))
            _devices[entityId] = device = Sys.ActorOf(DeviceActor.Props(entityId, _context));
        return device;
    }

    /// <summary>Stops a device and starts it again, so its next answers come from recovery.</summary>
    protected void Restart(string entityId)
    {
        var device = Device(entityId);
        Watch(device);
        device.Tell(PoisonPill.Instance);
        ExpectTerminated(device);
        _devices.Remove(entityId);
    }

    /// <summary>
    /// Publishes as a device would (or, on a command topic, as a backend would, as <paramref name="publishedBy"/>);
    /// returns the entity it went to, or null when the router refused it.
    /// </summary>
    protected string? Publish(string topic, string payload, string publishedBy = "backend") => Publish(topic, Encoding.UTF8.GetBytes(payload), publishedBy);

    /// <summary>As <see cref="Publish(string, string, string)"/>, with the payload's bytes as they are (not UTF-8, say).</summary>
    protected string? Publish(string topic, byte[] bytes, string publishedBy = "backend")
    {
        if (!Router.TryRoute(topic, out var route))
            throw new InvalidOperationException($"no family claims {topic}");
        var entityId = route.EntityId;
        if (entityId is null)
        {
            if (!route.Profile.TryReadPayloadKey(route.Channel, bytes, out var key, out _))
                return null;
            entityId = key.EntityId;
        }
        Device(entityId).Tell(route.Channel == DeviceChannel.Command
            ? new PublishedCommand(entityId, topic, bytes, DateTimeOffset.UtcNow, publishedBy)
            : new DeviceInput(entityId, route.Channel, topic, bytes, DateTimeOffset.UtcNow, route.Section));
        return entityId;
    }

    protected T Query<T>(string entityId, object message, TimeSpan? within = null)
    {
        var probe = CreateTestProbe();
        Device(entityId).Tell(message, probe.Ref);
        return probe.ExpectMsg<T>(within ?? TimeSpan.FromSeconds(10));
    }

    protected DeviceView View(string entityId) => Query<DeviceView>(entityId, new GetDeviceView(entityId));

    protected CommandView Submit(string entityId, string json) =>
        Assert.IsType<CommandSubmitted>(Query<object>(entityId, new SubmitCommand(entityId, RawJson.Parse(json)))).Command;

    protected MqttPublish ExpectPublish(string topic, Func<MqttPublish, bool>? also = null) =>
        Mqtt.FishForMessage<MqttPublish>(m => m.Topic == topic && (also?.Invoke(m) ?? true), TimeSpan.FromSeconds(10));

    protected static JsonElement Json(RawJson raw) => JsonDocument.Parse(raw.Utf8).RootElement;

    protected static JsonElement Json(ReadOnlyMemory<byte> bytes) => JsonDocument.Parse(bytes).RootElement;

    protected static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;
}
