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
    gateway.devices.passivate-after = 4s
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
    public async Task A_device_in_use_is_not_passivated_and_is_once_it_falls_silent()
    {
        var (shard, device) = Start();
        // Telemetry every 250 ms for 6 s: longer than passivate-after, never idle for it. The gap
        // leaves 3.75 s for a stall: the unit tests share two cores with the integration tests,
        // and a 2 s passivate-after with 200 ms gaps was once passivated on such a machine.
        for (var i = 0; i < 24; i++)
        {
            device.Tell(Telemetry());
            await shard.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(250));
        }
        await shard.ExpectMsgAsync<Passivate>(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public void A_device_with_a_command_in_flight_stays()
    {
        var (shard, device) = Start();
        var probe = CreateTestProbe();
        device.Tell(new SubmitCommand(Entity, RawJson.Parse(DroneExamples.Launch)), probe.Ref);
        probe.ExpectMsg<CommandSubmitted>();
        // Past passivate-after and a tick: an idle device without the command would have asked.
        shard.ExpectNoMsg(TimeSpan.FromSeconds(5));
    }
}
