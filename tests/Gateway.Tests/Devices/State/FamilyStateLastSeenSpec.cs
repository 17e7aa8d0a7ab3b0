using Akka.Event;
using Gateway.Contracts;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Devices.Settings;
using Gateway.Devices.State;
using Gateway.Protocols;
using Gateway.Tests.Families;
using Xunit;

namespace Gateway.Tests.Devices.State;

/// <summary>
/// Last seen as recovery rebuilds it from family-state entries: what the device sent counts, as it
/// did when it came in; what the API asked for does not. The device directory counts it the same way.
/// </summary>
public sealed class FamilyStateLastSeenSpec
{
    private static readonly DateTimeOffset At = DeviceStateFixture.At;

    private static DeviceState State(string kind, string entityId) => DeviceStateFixture.Of(kind, entityId);

    [Fact]
    public void A_kit_heard_only_through_its_tracks_is_last_seen_then_after_recovery()
    {
        const string kit = "wardragon/wardragon-abc123";
        var live = State("wardragon", kit);
        var step = live.Decide(new DeviceInput(kit, "drones", "wardragon/drones", System.Text.Encoding.UTF8.GetBytes(Fixture.Text("wardragon/drone.json")), At));
        Assert.NotEmpty(step.Journal);

        var recovered = State("wardragon", kit);
        foreach (var entry in step.Journal)
            recovered.Apply(entry, live: false);

        Assert.Equal(At, live.BuildView().LastSeen);
        Assert.Equal(At, recovered.BuildView().LastSeen);
    }

    [Fact]
    public void An_anc_desired_state_set_through_the_api_is_no_sign_of_the_thing_after_recovery()
    {
        const string thing = "anc/anc-device-001";
        var live = State("anc", thing);
        var step = live.Decide(new SetDesired(thing, RawJson.Parse("""{"anc_intensity":0.9}""")), At);
        Assert.NotEmpty(step.Journal);

        var recovered = State("anc", thing);
        foreach (var entry in step.Journal)
            recovered.Apply(entry, live: false);

        Assert.Null(recovered.BuildView().LastSeen);
    }
}
