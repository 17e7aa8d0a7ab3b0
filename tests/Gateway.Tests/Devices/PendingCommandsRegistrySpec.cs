using Akka.Actor;
using Akka.Persistence;
using Akka.TestKit.Xunit2;
using Gateway.Devices.Journal;
using Gateway.Contracts.Messages;
using Gateway.Devices.Actors;
using Xunit;

namespace Gateway.Tests.Devices;

/// <summary>
/// The pending-commands registry wakes exactly the devices with commands in flight when it
/// starts, and snapshots and trims its journal so that it stays as short as that set. It runs on
/// a one-node cluster provider here because it follows the cluster's membership.
/// </summary>
public sealed class PendingCommandsRegistrySpec() : TestKit(TestConfig.InProcess("""
    akka.actor.provider = cluster
    akka.remote.dot-netty.tcp.hostname = "127.0.0.1"
    akka.remote.dot-netty.tcp.port = 0
    """))
{
    private const string PersistenceId = "pending-commands-registry";

    [Fact]
    public void A_restarted_registry_wakes_the_devices_still_pending_and_no_others()
    {
        var region = CreateTestProbe();
        var registry = Sys.ActorOf(Props.Create(() => new PendingCommandsRegistry(region.Ref, 1000)));
        registry.Tell(new DeviceHasPendingCommands("drone/A"));
        registry.Tell(new DeviceHasPendingCommands("drone/B"));
        registry.Tell(new DeviceCommandsSettled("drone/A"));
        // Stopping is a system message and would overtake the events still in the mailbox.
        AwaitAssert(() => Assert.Equal(3, JournalEntries().Count), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
        Stop(registry);

        Sys.ActorOf(Props.Create(() => new PendingCommandsRegistry(region.Ref, 1000)));

        Assert.Equal("drone/B", region.ExpectMsg<WakeDevice>().EntityId);
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void Every_few_events_it_snapshots_and_deletes_the_journal_behind_the_snapshot()
    {
        var region = CreateTestProbe();
        var registry = Sys.ActorOf(Props.Create(() => new PendingCommandsRegistry(region.Ref, 4)));
        for (var i = 0; i < 10; i++)
            registry.Tell(new DeviceHasPendingCommands($"drone/D{i}"));
        for (var i = 0; i < 9; i++)
            registry.Tell(new DeviceCommandsSettled($"drone/D{i}"));

        // 19 events, snapshots after the 4th, 8th, ..., 16th: only the last three are left.
        AwaitAssert(() => Assert.Equal(3, JournalEntries().Count), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
        Stop(registry);

        Sys.ActorOf(Props.Create(() => new PendingCommandsRegistry(region.Ref, 4)));
        Assert.Equal("drone/D9", region.ExpectMsg<WakeDevice>().EntityId);
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    private List<object> JournalEntries()
    {
        var probe = CreateTestProbe();
        Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null).Tell(new ReplayMessages(0, long.MaxValue, long.MaxValue, PersistenceId, probe.Ref));
        var entries = new List<object>();
        while (probe.ExpectMsg<object>() is ReplayedMessage replayed)
            entries.Add(replayed.Persistent.Payload);
        return entries;
    }

    private void Stop(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
    }
}
