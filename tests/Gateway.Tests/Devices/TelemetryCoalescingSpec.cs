using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.TestKit.Xunit2;
using Gateway.Contracts;
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
/// Coalesced telemetry: the shadow and its publication change per message, the journal gets one
/// entry per window, and a clean stop (hand-off, passivation) journals the open window first, so
/// recovery restores the same shadow and version.
/// </summary>
public sealed class TelemetryCoalescingSpec() : TestKit(TestConfig.InProcess())
{
    private const string Entity = "drone/Coalesce-1";

    private DeviceActorContext Context(TimeSpan window, IActorRef mqtt) =>
        TestConfig.DeviceContext(Sys.Settings.Config, mqtt, CreateTestProbe().Ref).WithTelemetry(new TelemetrySettings(true, window));

    private static DeviceInput Telemetry(int battery) =>
        new(Entity, DeviceChannel.Telemetry, "/drone/Coalesce-1/telemetry", DroneExamples.Utf8($$"""{"battery":{{battery}},"status":"IN_FLIGHT"}"""), DateTimeOffset.UtcNow);

    private DeviceView View(IActorRef device)
    {
        device.Tell(new GetDeviceView(Entity), TestActor);
        return ExpectMsg<DeviceView>();
    }

    [Fact]
    public void A_clean_stop_journals_the_open_window_and_recovery_restores_shadow_and_version()
    {
        var mqtt = CreateTestProbe();
        var context = Context(TimeSpan.FromMinutes(5), mqtt.Ref); // the window never closes by itself here
        var device = Sys.ActorOf(DeviceActor.Props(Entity, context));
        for (var battery = 90; battery > 80; battery--)
            device.Tell(Telemetry(battery));
        var before = View(device);
        Assert.Equal(10, before.Shadow.Version);
        // Every message was published at once, coalescing or not.
        mqtt.FishForMessage<MqttPublish>(m => m.Topic == "gateway/drone/Coalesce-1/state"
            && JsonDocument.Parse(m.Payload).RootElement.GetProperty("shadow").GetProperty("reported").GetProperty("battery").GetInt32() == 81);

        Watch(device);
        device.Tell(StopDevice.Instance);
        ExpectTerminated(device);

        var after = View(Sys.ActorOf(DeviceActor.Props(Entity, context)));
        Assert.Equal(before.Shadow.Reported, after.Shadow.Reported);
        Assert.Equal(before.Shadow.Version, after.Shadow.Version);
        Assert.Equal(before.Shadow.Metadata, after.Shadow.Metadata); // each field keeps its own update time
        Assert.Equal(before.LastSeen, after.LastSeen);
    }

    [Fact]
    public void An_unchanged_value_reported_again_in_a_later_window_keeps_its_new_time_after_recovery()
    {
        var context = Context(TimeSpan.FromMilliseconds(100), CreateTestProbe().Ref);
        var device = Sys.ActorOf(DeviceActor.Props(Entity, context));
        device.Tell(Telemetry(90));
        View(device);
        Thread.Sleep(500); // the first window is journaled on its own
        device.Tell(Telemetry(90));
        var before = View(device);

        Watch(device);
        device.Tell(StopDevice.Instance);
        ExpectTerminated(device);

        var after = View(Sys.ActorOf(DeviceActor.Props(Entity, context)));
        Assert.Equal(before.Shadow.Metadata, after.Shadow.Metadata);
        Assert.Equal(before.Shadow.Version, after.Shadow.Version);
    }

    [Fact]
    public void Telemetry_behind_the_stop_in_the_mailbox_is_journaled_too()
    {
        var context = Context(TimeSpan.FromMinutes(5), CreateTestProbe().Ref);
        var device = Sys.ActorOf(DeviceActor.Props(Entity, context));
        device.Tell(Telemetry(90));
        Assert.Equal(1, View(device).Shadow.Version);

        // A shard handing off tells StopDevice while messages for the device may still follow it.
        Watch(device);
        device.Tell(StopDevice.Instance);
        device.Tell(Telemetry(70));
        ExpectTerminated(device);

        var after = View(Sys.ActorOf(DeviceActor.Props(Entity, context)));
        Assert.Equal(2, after.Shadow.Version);
        Assert.Equal(70, JsonDocument.Parse(after.Shadow.Reported.Utf8).RootElement.GetProperty("battery").GetInt32());
    }

    [Fact]
    public void The_window_closes_by_itself_and_only_the_last_values_are_kept()
    {
        // A second: both messages must fall in one window even if the test thread stalls between them.
        var context = Context(TimeSpan.FromSeconds(1), CreateTestProbe().Ref);
        var device = Sys.ActorOf(DeviceActor.Props(Entity, context));
        device.Tell(Telemetry(70));
        device.Tell(Telemetry(69));

        // One entry for the window, holding the value the window ended with, written without a stop.
        AwaitAssert(() =>
        {
            var entry = Assert.IsType<ReportedMerged>(Assert.Single(JournalEntries()));
            Assert.Equal("coalesced", entry.Channel);
            Assert.Equal(2, entry.Version);
            Assert.Equal("69", Assert.Single(entry.Fields!, f => f.Name == "battery").Value.ToString());
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));

        // So a hard stop (no flush) loses nothing.
        Watch(device);
        device.Tell(PoisonPill.Instance);
        ExpectTerminated(device);
        var after = View(Sys.ActorOf(DeviceActor.Props(Entity, context)));
        Assert.Equal(2, after.Shadow.Version);
        Assert.Equal(69, JsonDocument.Parse(after.Shadow.Reported.Utf8).RootElement.GetProperty("battery").GetInt32());
    }

    private List<object> JournalEntries()
    {
        var probe = CreateTestProbe();
        Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null)
            .Tell(new ReplayMessages(0, long.MaxValue, long.MaxValue, DeviceActor.PersistenceIdFor(Entity), probe.Ref));
        var entries = new List<object>();
        while (probe.ExpectMsg<object>() is ReplayedMessage replayed)
        {
            // Every entry goes to the journal with its family's tag, which the in-memory journal keeps with it.
            var tagged = Assert.IsType<Tagged>(replayed.Persistent.Payload);
            Assert.Equal(["drone"], tagged.Tags);
            entries.Add(tagged.Payload);
        }
        return entries;
    }
}
