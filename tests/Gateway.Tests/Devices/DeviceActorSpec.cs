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
using Gateway.Devices.Journal;
using Gateway.Devices.Settings;
using Gateway.Protocols;
using Gateway.Protocols.Outbound;
using Gateway.Tests.Protocols;
using Xunit;

namespace Gateway.Tests.Devices;

/// <summary>
/// The device actor in process: shadow merge and delta, acknowledgements, timeouts and retries,
/// and recovery from the journal after the actor is stopped and started again.
/// </summary>
public sealed class DeviceActorSpec : TestKit
{
    private const string EntityId = "drone/Alpha-3";
    private const string CommandTopic = "/drone/Alpha-3/command";
    private const string StateTopic = "gateway/drone/Alpha-3/state";

    private static readonly Config SpecConfig = TestConfig.InProcess("""
        gateway.commands.retry-backoff = 50ms
        gateway.devices.offline-after = 400ms
        gateway.devices.connectivity-check-interval = 100ms
        gateway.devices.snapshot-every = 4
        """);

    private readonly TestProbe _mqtt;
    private readonly TestProbe _registry;
    private readonly DeviceActorContext _context;

    public DeviceActorSpec() : base(SpecConfig)
    {
        _mqtt = CreateTestProbe();
        _registry = CreateTestProbe();
        _context = TestConfig.DeviceContext(Sys.Settings.Config, _mqtt.Ref, _registry.Ref);
    }

    private IActorRef StartDevice() => Sys.ActorOf(DeviceActor.Props(EntityId, _context));

    private void StopDevice(IActorRef device)
    {
        Watch(device);
        device.Tell(PoisonPill.Instance);
        ExpectTerminated(device);
    }

    private static DeviceInput Input(string channel, string json) =>
        new(EntityId, channel, channel switch
        {
            DeviceChannel.Telemetry => "/drone/Alpha-3/telemetry",
            DeviceChannel.Status => "/drone/Alpha-3/status",
            DeviceChannel.Events => "/drone/Alpha-3/events",
            _ => "/drone/Alpha-3/voice/transcript",
        }, DroneExamples.Utf8(json), DateTimeOffset.UtcNow);

    private DeviceView View(IActorRef device) => Query<DeviceView>(device, new GetDeviceView(EntityId));

    /// <summary>Asks the device the TestKit way: a fresh probe as sender, and its reply expected within the deadline.</summary>
    private T Query<T>(IActorRef device, object message, TimeSpan? within = null)
    {
        var probe = CreateTestProbe();
        device.Tell(message, probe.Ref);
        return probe.ExpectMsg<T>(within ?? TimeSpan.FromSeconds(10));
    }

    private static JsonElement Json(RawJson raw) => JsonDocument.Parse(raw.Utf8).RootElement;

    private static JsonElement Json(ReadOnlyMemory<byte> bytes) => JsonDocument.Parse(bytes).RootElement;

    private MqttPublish ExpectPublish(string topic, TimeSpan? within = null) =>
        _mqtt.FishForMessage<MqttPublish>(m => m.Topic == topic, within ?? TimeSpan.FromSeconds(10));

    private CommandView Submit(IActorRef device, string json)
    {
        var reply = Query<object>(device, new SubmitCommand(EntityId, RawJson.Parse(json)));
        return Assert.IsType<CommandSubmitted>(reply).Command;
    }

    [Fact]
    public void Telemetry_and_status_merge_into_reported_and_publish_state()
    {
        var device = StartDevice();
        device.Tell(Input(DeviceChannel.Telemetry, DroneExamples.Telemetry));
        var state = ExpectPublish(StateTopic);
        Assert.True(state.Retain);
        Assert.Equal(84, Json(state.Payload).GetProperty("shadow").GetProperty("reported").GetProperty("battery").GetInt32());

        device.Tell(Input(DeviceChannel.Status, DroneExamples.Status));
        var view = View(device);
        var reported = Json(view.Shadow.Reported);
        Assert.Equal(98, reported.GetProperty("battery").GetInt32()); // status came later
        Assert.Equal("READY", reported.GetProperty("status").GetString());
        Assert.Equal(0.92, reported.GetProperty("ai_status").GetProperty("landing_zone_confidence").GetDouble()); // kept from telemetry
        Assert.Equal("1.2.5", reported.GetProperty("software_versions").GetProperty("firmware").GetString());
        Assert.Equal(2, view.Shadow.Version);
        Assert.True(view.Online);
        Assert.True(Json(view.Shadow.Metadata).GetProperty("reported").GetProperty("battery").TryGetProperty("timestamp", out _));
    }

    [Fact]
    public void An_unchanged_report_does_not_bump_the_version()
    {
        var device = StartDevice();
        device.Tell(Input(DeviceChannel.Telemetry, DroneExamples.Telemetry));
        device.Tell(Input(DeviceChannel.Telemetry, DroneExamples.Telemetry));
        Assert.Equal(1, View(device).Shadow.Version);
    }

    [Fact]
    public void Desired_state_yields_a_delta_until_reported_matches()
    {
        var device = StartDevice();
        device.Tell(Input(DeviceChannel.Telemetry, DroneExamples.Telemetry));
        var shadow = Query<ShadowView>(device, new SetDesired(EntityId, RawJson.Parse("""{"status":"READY","battery":84}""")));
        Assert.Equal("""{"status":"READY"}""", shadow.Delta.ToString());
        Assert.Equal(2, shadow.Version);

        device.Tell(Input(DeviceChannel.Status, """{"status":"READY"}"""));
        Assert.Equal("{}", View(device).Shadow.Delta.ToString());

        var invalid = Query<object>(device, new SetDesired(EntityId, RawJson.Parse("[1]")));
        Assert.IsType<DesiredInvalid>(invalid);
    }

    [Fact]
    public void A_bad_message_is_rejected_and_changes_nothing()
    {
        var device = StartDevice();
        device.Tell(Input(DeviceChannel.Telemetry, DroneExamples.Telemetry));
        device.Tell(Input(DeviceChannel.Telemetry, """{"battery":"x"}"""));
        var rejected = ExpectPublish("gateway/rejected/drone");
        var body = Json(rejected.Payload);
        Assert.Contains("battery", body.GetProperty("reason").GetString());
        Assert.Equal("/drone/Alpha-3/telemetry", body.GetProperty("topic").GetString());

        var view = View(device);
        Assert.Equal(84, Json(view.Shadow.Reported).GetProperty("battery").GetInt32());
        Assert.Equal(1, view.Shadow.Version);
        Assert.Single(view.RecentRejections);
    }

    [Fact]
    public void A_command_is_published_retained_and_settled_by_its_acknowledgement()
    {
        var device = StartDevice();
        var command = Submit(device, DroneExamples.Launch);
        Assert.Equal(CommandStatus.Pending, command.Status);
        _registry.ExpectMsg<DeviceHasPendingCommands>(m => m.EntityId == EntityId);

        var published = ExpectPublish(CommandTopic);
        Assert.True(published.Retain);
        Assert.True(published.AtLeastOnce);
        Assert.Equal(86400u, published.ExpirySeconds);
        var payload = Json(published.Payload);
        Assert.Equal(command.CommandId, payload.GetProperty("command_id").GetString());
        Assert.Equal("M-20251201-001", payload.GetProperty("mission_id").GetString());

        device.Tell(Input(DeviceChannel.Events, $$"""{"event":"LAUNCH_ACKNOWLEDGED","mission_id":"M-20251201-001","command_id":"{{command.CommandId}}"}"""));
        var cleared = ExpectPublish(CommandTopic);
        Assert.True(cleared.Retain);
        Assert.True(cleared.Payload.IsEmpty);
        _registry.ExpectMsg<DeviceCommandsSettled>();

        var status = Query<CommandView>(device, new GetCommandStatus(EntityId, command.CommandId));
        Assert.Equal(CommandStatus.Acknowledged, status.Status);
        Assert.Single(status.Attempts);
        Assert.Empty(View(device).PendingCommands);
        Assert.Equal("LAUNCH_ACKNOWLEDGED", View(device).RecentEvents.Single().Event);
    }

    [Fact]
    public void An_acknowledgement_without_command_id_is_matched_by_mission_id()
    {
        var device = StartDevice();
        var command = Submit(device, DroneExamples.Launch);
        ExpectPublish(CommandTopic);
        device.Tell(Input(DeviceChannel.Events, """{"event":"LAUNCH_ACKNOWLEDGED","mission_id":"M-20251201-001"}"""));
        var settled = Query<CommandView>(device, new AwaitCommandSettled(EntityId, command.CommandId));
        Assert.Equal(CommandStatus.Acknowledged, settled.Status);
    }

    [Fact]
    public void An_acknowledgement_for_another_mission_or_command_settles_nothing()
    {
        var device = StartDevice();
        var command = Submit(device, DroneExamples.Launch);
        device.Tell(Input(DeviceChannel.Events, """{"event":"LAUNCH_ACKNOWLEDGED","mission_id":"M-other"}"""));
        device.Tell(Input(DeviceChannel.Events, """{"event":"ABORT_ACKNOWLEDGED","mission_id":"M-20251201-001"}"""));
        var status = Query<CommandView>(device, new GetCommandStatus(EntityId, command.CommandId));
        Assert.Equal(CommandStatus.Sent, status.Status);
        Assert.Equal(2, View(device).RecentEvents.Count);
    }

    [Fact]
    public void An_unacknowledged_command_is_retried_with_the_same_id_then_times_out()
    {
        var device = StartDevice();
        var command = Submit(device, """{"command":"RETURN_TO_BASE","mission_id":"M-7","expected_ack_timeout":200}""");
        var waiter = CreateTestProbe();
        device.Tell(new AwaitCommandSettled(EntityId, command.CommandId), waiter.Ref);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var published = ExpectPublish(CommandTopic);
            Assert.Equal(command.CommandId, Json(published.Payload).GetProperty("command_id").GetString());
        }
        var settled = waiter.ExpectMsg<CommandView>(TimeSpan.FromSeconds(15));
        Assert.Equal(CommandStatus.TimedOut, settled.Status);
        Assert.Equal([1, 2, 3], settled.Attempts.Select(a => a.Attempt));
        Assert.True(ExpectPublish(CommandTopic).Payload.IsEmpty); // cleared from retention
        var later = _mqtt.ReceiveWhile(TimeSpan.FromMilliseconds(700), m => (MqttPublish)m);
        Assert.DoesNotContain(later, m => m.Topic == CommandTopic); // and never sent again
    }

    [Fact]
    public void Late_and_duplicate_acknowledgements_are_recorded_once_and_change_nothing()
    {
        var device = StartDevice();
        var command = Submit(device, """{"command":"VOICE_MUTE","mission_id":"M-9","expected_ack_timeout":100}""");
        var settled = Query<CommandView>(device, new AwaitCommandSettled(EntityId, command.CommandId), TimeSpan.FromSeconds(15));
        Assert.Equal(CommandStatus.TimedOut, settled.Status);

        var ack = $$"""{"event":"VOICE_MUTE_ACKNOWLEDGED","command_id":"{{command.CommandId}}"}""";
        device.Tell(Input(DeviceChannel.Events, ack));
        device.Tell(Input(DeviceChannel.Events, ack));
        var after = Query<CommandView>(device, new GetCommandStatus(EntityId, command.CommandId));
        Assert.Equal(CommandStatus.TimedOut, after.Status);
        Assert.NotNull(after.LateAcknowledgedAt);
        Assert.Single(View(device).RecentEvents);
    }

    [Fact]
    public void An_invalid_command_is_refused_with_each_bad_field()
    {
        var device = StartDevice();
        var reply = Query<object>(device, new SubmitCommand(EntityId, RawJson.Parse("""{"command":"LAUNCH","destination":{"latitude":123}}""")));
        var invalid = Assert.IsType<CommandInvalid>(reply);
        Assert.Equal(["destination.latitude", "destination.longitude", "mission_id"], invalid.Errors.Select(e => e.Field).Order());
        Assert.IsType<DeviceNotFound>(Query<object>(device, new GetDeviceView(EntityId)));
    }

    [Fact]
    public void A_device_never_seen_is_not_found()
    {
        var device = StartDevice();
        Assert.IsType<DeviceNotFound>(Query<object>(device, new GetDeviceView(EntityId)));
        Assert.IsType<CommandNotFound>(Query<object>(device, new GetCommandStatus(EntityId, "nope")));
    }

    [Fact]
    public void Recovery_restores_the_shadow_events_and_command_history()
    {
        var device = StartDevice();
        device.Tell(Input(DeviceChannel.Telemetry, DroneExamples.Telemetry));
        device.Tell(Input(DeviceChannel.Status, DroneExamples.Status));
        device.Tell(Input(DeviceChannel.Transcript, DroneExamples.Transcript));
        device.Tell(Input(DeviceChannel.Events, DroneExamples.AedDeployed));
        Query<ShadowView>(device, new SetDesired(EntityId, RawJson.Parse("""{"status":"IN_FLIGHT"}""")));
        var acked = Submit(device, DroneExamples.Launch);
        device.Tell(Input(DeviceChannel.Events, """{"event":"LAUNCH_ACKNOWLEDGED","mission_id":"M-20251201-001"}"""));
        var timedOut = Submit(device, """{"command":"VOICE_MUTE","expected_ack_timeout":100}""");
        Query<CommandView>(device, new AwaitCommandSettled(EntityId, timedOut.CommandId), TimeSpan.FromSeconds(15));
        var before = View(device);
        StopDevice(device);

        var restarted = StartDevice();
        var after = View(restarted);
        Assert.Equal(before.Shadow.Reported, after.Shadow.Reported);
        Assert.Equal(before.Shadow.Desired, after.Shadow.Desired);
        Assert.Equal(before.Shadow.Delta, after.Shadow.Delta);
        Assert.Equal(before.Shadow.Version, after.Shadow.Version);
        Assert.Equal(before.LastSeen, after.LastSeen);
        Assert.Equal(before.RecentEvents.Select(e => e.Event), after.RecentEvents.Select(e => e.Event));
        Assert.Equal(before.RecentTranscript, after.RecentTranscript);
        Assert.Equal(CommandStatus.Acknowledged, Query<CommandView>(restarted, new GetCommandStatus(EntityId, acked.CommandId)).Status);
        var history = Query<CommandView>(restarted, new GetCommandStatus(EntityId, timedOut.CommandId));
        Assert.Equal(CommandStatus.TimedOut, history.Status);
        Assert.Equal(3, history.Attempts.Count);
    }

    [Fact]
    public void A_pending_command_resumes_its_timer_and_retries_after_a_restart()
    {
        var device = StartDevice();
        var command = Submit(device, """{"command":"EMERGENCY_LAND","expected_ack_timeout":400}""");
        ExpectPublish(CommandTopic);
        StopDevice(device);

        var restarted = StartDevice();
        ExpectPublish(CommandTopic, TimeSpan.FromSeconds(15)); // attempt 2, once the first window has passed
        var settled = Query<CommandView>(restarted, new AwaitCommandSettled(EntityId, command.CommandId), TimeSpan.FromSeconds(10));
        Assert.Equal(CommandStatus.TimedOut, settled.Status);
        Assert.Equal([1, 2, 3], settled.Attempts.Select(a => a.Attempt));
    }

    [Fact]
    public void A_silent_device_goes_offline()
    {
        var device = StartDevice();
        device.Tell(Input(DeviceChannel.Telemetry, DroneExamples.Telemetry));
        Assert.True(View(device).Online);
        _mqtt.FishForMessage<MqttPublish>(
            m => m.Topic == StateTopic && !Json(m.Payload).GetProperty("online").GetBoolean(), TimeSpan.FromSeconds(15));
        Assert.False(View(device).Online);

        device.Tell(Input(DeviceChannel.Telemetry, """{"battery":80}"""));
        Assert.True(View(device).Online);
    }

    [Fact]
    public void State_publications_carry_the_device_view()
    {
        var device = StartDevice();
        device.Tell(Input(DeviceChannel.Transcript, DroneExamples.Transcript));
        var state = Json(ExpectPublish(StateTopic).Payload);
        Assert.Equal("drone", state.GetProperty("kind").GetString());
        Assert.Equal("Alpha-3", state.GetProperty("id").GetString());
        Assert.Equal("DRONE", state.GetProperty("recent_transcript")[0].GetProperty("speaker").GetString());
        Assert.Equal(Encoding.UTF8.GetString(DroneExamples.Utf8(DroneExamples.Transcript)), View(device).RecentTranscript[0].ToString());
    }
}
