using Gateway.Contracts;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Devices.Journal;
using Gateway.Tests.Protocols;
using Xunit;
using static Gateway.Tests.Devices.State.DeviceStateFixture;

namespace Gateway.Tests.Devices.State;

/// <summary>Desired state, connectivity and snapshots, decided by the state alone.</summary>
public sealed class DeviceStateLifecycleSpec
{
    [Fact]
    public void Desired_state_that_is_not_one_object_is_refused_and_an_object_is_journaled_first()
    {
        var state = Drone();

        var refused = state.Decide(new SetDesired(EntityId, RawJson.Parse("[1]")), At);
        Assert.Equal("$", Assert.Single(refused.Invalid!.Errors).Field);
        Assert.Empty(refused.Journal);

        var accepted = state.Decide(new SetDesired(EntityId, RawJson.Parse("""{"battery":90}""")), At);
        Assert.True(accepted.JournalFirst);
        var update = Assert.IsType<DesiredUpdated>(Assert.Single(accepted.Journal));
        Assert.Equal("{}", Json(state.BuildShadow().Desired).GetRawText()); // not before the write

        state.Journal([update]);
        state.Decide(Input(DeviceChannel.Telemetry, DroneExamples.Telemetry));

        var shadow = state.BuildShadow();
        Assert.Equal(90, Json(shadow.Delta).GetProperty("battery").GetInt32());
    }

    [Fact]
    public void A_device_not_heard_from_within_the_window_goes_offline_once()
    {
        var state = Drone("gateway.devices.offline-after = 10s");
        var heard = DateTimeOffset.UtcNow;
        state.Decide(Input(DeviceChannel.Telemetry, DroneExamples.Telemetry, heard));

        Assert.False(state.Tick(heard.AddSeconds(5)));
        Assert.True(state.Online);
        Assert.True(state.Tick(heard.AddSeconds(10)));
        Assert.False(state.Online);
        Assert.False(state.Tick(heard.AddSeconds(20)));
    }

    [Fact]
    public void A_snapshot_restores_the_same_view_with_its_pending_command()
    {
        var state = Drone("gateway.telemetry.persist = each");
        state.Decide(Input(DeviceChannel.Telemetry, DroneExamples.Telemetry));
        state.Journal(state.Decide(Input(DeviceChannel.Events, DroneExamples.AedDeployed)).Journal);
        var launch = state.Decide(Command(DroneExamples.Launch), At);
        state.Journal([launch.Accepted!, launch.FirstAttempt!]);
        state.Journal(state.Decide(new SetDesired(EntityId, RawJson.Parse("""{"battery":90}""")), At).Journal);

        var restored = Drone("gateway.telemetry.persist = each");
        restored.Restore(state.ToSnapshot());
        restored.Recovered(At.AddSeconds(1)); // online is not stored: it is whether the device was heard from lately

        Assert.Equal(Serialized(state), Serialized(restored));
        Assert.Equal(1, restored.PendingCommandCount);
    }

    private static string Serialized(Gateway.Devices.State.DeviceState state) =>
        System.Text.Encoding.UTF8.GetString(state.StatePublication().Payload.Span);
}
