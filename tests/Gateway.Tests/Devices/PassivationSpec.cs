using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Gateway.Contracts;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Devices.Actors;
using Gateway.Tests.Protocols;
using Xunit;

namespace Gateway.Tests.Devices;

/// <summary>
/// A device actor asks its shard to passivate it once nobody has needed it for passivate-after,
/// never while it is being used, and never while it has commands in flight (their timers live in
/// the actor). The actor's parent here is a probe standing in for the shard.
/// </summary>
public sealed class PassivationSpec() : TestKit(TestConfig.InProcess("""
    gateway.devices.passivate-after = 2s
    gateway.devices.connectivity-check-interval = 100ms
    gateway.families.drone.commands.ack-timeout = 30s
    """))
{
    private const string Entity = "drone/Idle-1";

    private (TestProbe Shard, IActorRef Device) Start()
    {
        var shard = CreateTestProbe();
        var context = TestConfig.DeviceContext(Sys.Settings.Config, CreateTestProbe().Ref, CreateTestProbe().Ref);
        return (shard, shard.ChildActorOf(DeviceActor.Props(Entity, context)));
    }

    private static DeviceInput Telemetry() =>
        new(Entity, DeviceChannel.Telemetry, "/drone/Idle-1/telemetry", DroneExamples.Utf8("""{"battery":80}"""), DateTimeOffset.UtcNow);

    [Fact]
    public void An_idle_device_asks_to_be_passivated_with_StopDevice_once()
    {
        var (shard, device) = Start();
        device.Tell(Telemetry());
        var passivate = shard.ExpectMsg<Passivate>(TimeSpan.FromSeconds(10));
        Assert.Same(StopDevice.Instance, passivate.StopMessage);
        // Further ticks while the shard is stopping it do not ask again.
        shard.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void A_device_in_use_is_not_passivated_and_is_once_it_falls_silent()
    {
        var (shard, device) = Start();
        // Telemetry every 200 ms for 5 s: more than twice passivate-after, never idle for it (a
        // stall of up to 1.8 s on a loaded machine still leaves the device in use).
        for (var i = 0; i < 25; i++)
        {
            device.Tell(Telemetry());
            shard.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        }
        shard.ExpectMsg<Passivate>(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_device_with_a_command_in_flight_stays()
    {
        var (shard, device) = Start();
        var probe = CreateTestProbe();
        device.Tell(new SubmitCommand(Entity, RawJson.Parse(DroneExamples.Launch)), probe.Ref);
        probe.ExpectMsg<CommandSubmitted>();
        shard.ExpectNoMsg(TimeSpan.FromSeconds(3));
    }
}
