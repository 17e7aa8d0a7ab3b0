using Akka.Configuration;
using Akka.Actor;
using Akka.Persistence.TestKit;
using Akka.TestKit.Xunit2;
using Gateway.Contracts;
using Gateway.Contracts.Messages;
using Gateway.Devices.Actors;
using Gateway.Devices.Settings;
using Gateway.Tests.Protocols;
using Xunit;

namespace Gateway.Tests.Devices;

/// <summary>
/// A device message whose sender waits (a QoS 1 message, whose PUBACK waits) is answered once it
/// is as safe as its family's policy makes it: an event once written, and never if the write fails;
/// coalesced telemetry at once (its documented window); a refusal at once (the rejection topic tells it).
/// Akka's test journal fails or passes the writes.
/// </summary>
public sealed class InputReceiptSpec : TestKit
{
    private const string EntityId = "drone/Receipt-1";

    private static readonly Config SpecConfig = ConfigurationFactory.FromResource<TestJournal>("Akka.Persistence.TestKit.config.conf")
        .WithFallback(TestConfig.InProcess());

    private readonly ITestJournal _journal;
    private readonly DeviceActorContext _context;

    public InputReceiptSpec() : base(SpecConfig)
    {
        _journal = TestJournal.FromRef(Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null));
        _context = TestConfig.DeviceContext(Sys.Settings.Config, CreateTestProbe().Ref, CreateTestProbe().Ref);
    }

    private static DeviceInput Awaited(string channel, string topic, string json) =>
        new(EntityId, channel, topic, DroneExamples.Utf8(json), DateTimeOffset.UtcNow, AwaitsJournal: true);

    private static DeviceInput Event(int sequence) =>
        Awaited(DeviceChannel.Events, "/drone/Receipt-1/events", $$"""{"event":"AED_DEPLOYED","mission_id":"M-1","sequence":{{sequence}}}""");

    [Fact]
    public async Task An_event_is_answered_once_written_and_not_at_all_when_the_write_fails()
    {
        var device = Sys.ActorOf(DeviceActor.Props(EntityId, _context));
        device.Tell(Event(1));
        ExpectMsg<InputTaken>();

        await _journal.OnWrite.Fail();
        device.Tell(Event(2));
        ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task An_event_is_not_answered_before_its_write_returns()
    {
        await _journal.OnWrite.PassWithDelay(TimeSpan.FromMilliseconds(800));
        var device = Sys.ActorOf(DeviceActor.Props(EntityId, _context));
        device.Tell(Event(1));
        ExpectNoMsg(TimeSpan.FromMilliseconds(400));
        ExpectMsg<InputTaken>();
    }

    [Fact]
    public async Task Coalesced_telemetry_is_answered_at_once_inside_its_window_and_telemetry_persisted_each_time_after_its_write()
    {
        await _journal.OnWrite.Fail();
        var telemetry = Awaited(DeviceChannel.Telemetry, "/drone/Receipt-1/telemetry", """{"drone_id":"Receipt-1","battery":84}""");
        Sys.ActorOf(DeviceActor.Props(EntityId, _context)).Tell(telemetry);
        ExpectMsg<InputTaken>();

        Sys.ActorOf(DeviceActor.Props("drone/Receipt-2", _context.WithTelemetry(TelemetrySettings.EachMessage)))
            .Tell(telemetry with { EntityId = "drone/Receipt-2", Topic = "/drone/Receipt-2/telemetry", Payload = DroneExamples.Utf8("""{"drone_id":"Receipt-2","battery":84}""") });
        ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task A_refused_message_is_answered_at_once()
    {
        await _journal.OnWrite.Fail();
        var device = Sys.ActorOf(DeviceActor.Props(EntityId, _context));
        device.Tell(Awaited(DeviceChannel.Telemetry, "/drone/Receipt-1/telemetry", """{"drone_id":"Receipt-1","battery":140}"""));
        ExpectMsg<InputTaken>();
    }
}
