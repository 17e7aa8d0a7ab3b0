using Akka.Actor;
using Akka.Configuration;
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
/// What tells the ingress to drop QoS 0 device messages: device actors handling messages older than
/// the lag limit (only while they are handling any), or more journal writes behind than the backlog
/// limit; and a device actor's writes are counted until written, or until it stops on a failed write.
/// </summary>
public sealed class DeviceBacklogSpec : TestKit
{
    private static readonly Config SpecConfig = ConfigurationFactory.ParseString("gateway.mqtt { max-input-lag = 300ms, max-backlog = 2 }")
        .WithFallback(ConfigurationFactory.FromResource<TestJournal>("Akka.Persistence.TestKit.config.conf"))
        .WithFallback(TestConfig.InProcess());

    public DeviceBacklogSpec() : base(SpecConfig)
    {
    }

    // The lag tests give the limit 2 s: their assertions must hold across a stall of the test
    // thread, which on a loaded two-core CI machine has lasted well over a second.
    [Fact]
    public void Old_messages_put_the_actors_behind_while_they_are_being_handled()
    {
        using var backlog = new DeviceBacklog(TimeSpan.FromSeconds(2), 10, 1);
        Assert.Null(backlog.Behind);
        backlog.Observe(DateTimeOffset.UtcNow - TimeSpan.FromMilliseconds(100));
        Assert.Null(backlog.Behind);
        backlog.Observe(DateTimeOffset.UtcNow - TimeSpan.FromSeconds(5));
        Assert.Equal(DeviceBacklog.Lag, backlog.Behind);
        backlog.Observe(DateTimeOffset.UtcNow);
        Assert.Null(backlog.Behind);
    }

    [Fact]
    public void Once_nothing_has_been_handled_for_the_limit_new_messages_are_let_in_again()
    {
        using var backlog = new DeviceBacklog(TimeSpan.FromSeconds(2), 10, 1);
        backlog.Observe(DateTimeOffset.UtcNow - TimeSpan.FromSeconds(10));
        Assert.Equal(DeviceBacklog.Lag, backlog.Behind);
        Thread.Sleep(2200);
        Assert.Null(backlog.Behind);
    }

    [Fact]
    public void More_writes_behind_than_the_limit_put_the_actors_behind()
    {
        using var backlog = new DeviceBacklog(TimeSpan.FromMilliseconds(300), 2, 1);
        backlog.WriteStarted();
        backlog.WriteStarted();
        Assert.Null(backlog.Behind);
        backlog.WriteStarted();
        Assert.Equal(DeviceBacklog.Backlog, backlog.Behind);
        backlog.WritesDone();
        Assert.Null(backlog.Behind);
    }

    [Fact]
    public void A_heap_past_its_share_of_what_the_runtime_may_use_puts_the_actors_behind()
    {
        // A millionth of the machine's memory: this process's heap is always past it.
        using var backlog = new DeviceBacklog(TimeSpan.FromMilliseconds(300), 10, 0.000001);
        Assert.True(backlog.MaxHeapBytes < GC.GetTotalMemory(false));
        AwaitCondition(() => backlog.Behind == DeviceBacklog.Memory, TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(20));
        using var roomy = new DeviceBacklog(TimeSpan.FromMilliseconds(300), 10, 1);
        Thread.Sleep(300);
        Assert.Null(roomy.Behind);
    }

    [Fact]
    public void The_limits_are_the_gateway_settings()
    {
        var backlog = DeviceBacklog.Get(Sys);
        Assert.Equal(TimeSpan.FromMilliseconds(300), backlog.MaxLag);
        Assert.Equal(2, backlog.MaxWritesBehind);
        Assert.Throws<ArgumentException>(() => new DeviceBacklog(TimeSpan.Zero, 2, 1));
        Assert.Throws<ArgumentException>(() => new DeviceBacklog(TimeSpan.FromSeconds(1), 0, 1));
        Assert.Throws<ArgumentException>(() => new DeviceBacklog(TimeSpan.FromSeconds(1), 2, 0));
        Assert.Throws<ArgumentException>(() => new DeviceBacklog(TimeSpan.FromSeconds(1), 2, 1.5));
    }

    [Fact]
    public async Task A_device_actors_writes_behind_count_until_written_and_no_longer_once_it_stops_on_a_failed_write()
    {
        var journal = TestJournal.FromRef(Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null));
        var context = TestConfig.DeviceContext(Sys.Settings.Config, CreateTestProbe().Ref, CreateTestProbe().Ref).WithTelemetry(TelemetrySettings.EachMessage);
        var backlog = DeviceBacklog.Get(Sys);

        await journal.OnWrite.PassWithDelay(TimeSpan.FromMilliseconds(1500));
        var device = Sys.ActorOf(DeviceActor.Props("drone/Backlog-1", context));
        for (var battery = 80; battery < 83; battery++)
            device.Tell(Telemetry("Backlog-1", battery));
        AwaitCondition(() => backlog.Behind == DeviceBacklog.Backlog, TimeSpan.FromSeconds(3));
        AwaitCondition(() => backlog.Behind is null, TimeSpan.FromSeconds(5));

        await journal.OnWrite.FailWithDelay(TimeSpan.FromMilliseconds(1000));
        var failing = Sys.ActorOf(DeviceActor.Props("drone/Backlog-2", context));
        Watch(failing);
        for (var battery = 80; battery < 83; battery++)
            failing.Tell(Telemetry("Backlog-2", battery));
        AwaitCondition(() => backlog.Behind == DeviceBacklog.Backlog, TimeSpan.FromSeconds(3));
        ExpectTerminated(failing, TimeSpan.FromSeconds(5));
        Assert.Null(backlog.Behind);
    }

    [Fact]
    public void Messages_that_waited_for_their_actors_recovery_say_nothing_about_the_nodes_lag()
    {
        var context = TestConfig.DeviceContext(Sys.Settings.Config, CreateTestProbe().Ref, CreateTestProbe().Ref);
        var backlog = DeviceBacklog.Get(Sys);
        var device = Sys.ActorOf(DeviceActor.Props("drone/Backlog-3", context));
        device.Tell(Telemetry("Backlog-3", 80, TimeSpan.FromSeconds(2)));
        device.Tell(new GetDeviceView("drone/Backlog-3"));
        ExpectMsg<object>();
        Assert.Null(backlog.Behind);

        // Received after the recovery and handled a second later: the node is behind. Checked
        // often, and one such message per check, since a lag counts only while it is fresh (300 ms
        // here; AwaitCondition's own interval is longer) and a busy machine may check later.
        Thread.Sleep(1200);
        AwaitCondition(() =>
        {
            device.Tell(Telemetry("Backlog-3", 81, TimeSpan.FromSeconds(1)));
            return backlog.Behind == DeviceBacklog.Lag;
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));
    }

    private static DeviceInput Telemetry(string drone, int battery, TimeSpan? age = null) =>
        new($"drone/{drone}", DeviceChannel.Telemetry, $"/drone/{drone}/telemetry", DroneExamples.Utf8($$"""{"drone_id":"{{drone}}","battery":{{battery}}}"""),
            DateTimeOffset.UtcNow - (age ?? TimeSpan.Zero));
}
