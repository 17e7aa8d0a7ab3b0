using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Gateway.Contracts;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;
using Gateway.Devices.Actors;
using Gateway.Tests.Protocols;
using Xunit;

namespace Gateway.Tests.History;

/// <summary>
/// Retention in the device actor: its recent views drop what has expired, live, after recovery
/// and in its snapshots, and ApplyRetention answers with a snapshot that covers everything
/// journaled before it, from which the device recovers to the same view.
/// </summary>
public sealed class RetentionActorSpec : TestKit
{
    private const string EntityId = "drone/Retained-1";
    private static readonly TimeSpan TranscriptPeriod = TimeSpan.FromSeconds(2);

    private static readonly Config SpecConfig = TestConfig.InProcess("""
        gateway.families.drone.retention.transcript = 2s
        gateway.devices.connectivity-check-interval = 100ms
        gateway.devices.snapshot-every = 1000
        """);

    private readonly DeviceActorContext _context;

    public RetentionActorSpec() : base(SpecConfig) =>
        _context = TestConfig.DeviceContext(Sys.Settings.Config, CreateTestProbe().Ref, CreateTestProbe().Ref);

    private IActorRef StartDevice() => Sys.ActorOf(DeviceActor.Props(EntityId, _context));

    private void Stop(IActorRef device)
    {
        Watch(device);
        device.Tell(PoisonPill.Instance);
        ExpectTerminated(device);
    }

    private T Ask<T>(IActorRef device, object message)
    {
        var probe = CreateTestProbe();
        device.Tell(message, probe.Ref);
        return probe.ExpectMsg<T>(TimeSpan.FromSeconds(10));
    }

    private DeviceView View(IActorRef device) => Ask<DeviceView>(device, new GetDeviceView(EntityId));

    private static DeviceInput Input(string channel, string topic, string json) =>
        new(EntityId, channel, topic, DroneExamples.Utf8(json), DateTimeOffset.UtcNow);

    /// <summary>Events (kept forever), transcript lines (2 s here, so that a stall of the test thread does not expire one early) and a report; each QoS 1, so written once answered.</summary>
    private void Publish(IActorRef device, int n)
    {
        Ask<InputTaken>(device, Input(DeviceChannel.Events, "/drone/Retained-1/events", $$"""{"event":"AED_DEPLOYED","n":{{n}}}""") with { AwaitsJournal = true });
        Ask<InputTaken>(device, Input(DeviceChannel.Transcript, "/drone/Retained-1/voice/transcript", $$"""{"text":"line {{n}}","speaker":"DRONE"}""") with { AwaitsJournal = true });
        device.Tell(Input(DeviceChannel.Telemetry, "/drone/Retained-1/telemetry", $$"""{"battery":{{80 + n}}}"""));
    }

    [Fact]
    public void Expired_transcript_lines_leave_the_live_view_while_events_stay()
    {
        var device = StartDevice();
        Publish(device, 1);
        Assert.Single(View(device).RecentTranscript);

        AwaitAssert(() => Assert.Empty(View(device).RecentTranscript), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
        Assert.Single(View(device).RecentEvents);
    }

    [Fact]
    public void Lines_that_expired_while_the_device_was_stopped_are_not_recovered()
    {
        var device = StartDevice();
        Publish(device, 1);
        Stop(device);
        Thread.Sleep(TranscriptPeriod + TimeSpan.FromMilliseconds(200));

        var recovered = View(StartDevice());

        Assert.Empty(recovered.RecentTranscript);
        Assert.Single(recovered.RecentEvents);
    }

    [Fact]
    public void Apply_retention_snapshots_after_a_marker_and_the_device_recovers_to_the_same_view_from_it()
    {
        var device = StartDevice();
        Publish(device, 1);
        Publish(device, 2);
        var command = Ask<CommandSubmitted>(device, new SubmitCommand(EntityId, Gateway.Contracts.Json.RawJson.Parse(
            """{"command":"RETURN_TO_BASE","mission_id":"M-1","expected_ack_timeout":600000}""")));
        Thread.Sleep(TranscriptPeriod + TimeSpan.FromMilliseconds(200));
        Publish(device, 3);

        var ready = Ask<RetentionReady>(device, new ApplyRetention(EntityId));
        var before = View(device);
        Stop(device);
        var after = View(StartDevice());

        // Three events, three transcript lines, the command's acceptance, then the marker (and whatever else was
        // journaled before it): the snapshot is at the marker, above every row retention may delete.
        Assert.True(ready.SnapshotSequenceNr >= 8, $"snapshot at {ready.SnapshotSequenceNr}");
        Assert.Equal(["line 3"], before.RecentTranscript.Select(Text));
        Assert.Equal(3, before.RecentEvents.Count);
        Assert.Equal(before.Shadow.Version, after.Shadow.Version);
        Assert.Equal(before.Shadow.Reported, after.Shadow.Reported);
        Assert.Equal(before.RecentEvents, after.RecentEvents);
        Assert.Equal(before.RecentTranscript.Select(Text), after.RecentTranscript.Select(Text));
        Assert.Equal([command.Command.CommandId], after.PendingCommands.Select(c => c.CommandId));
    }

    private static string Text(Gateway.Contracts.Json.RawJson line) =>
        System.Text.Json.JsonDocument.Parse(line.Utf8).RootElement.GetProperty("text").GetString()!;
}
