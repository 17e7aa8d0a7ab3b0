using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Tests.Families.WarDragon;

/// <summary>
/// WarDragon topics name no kit, so a message naming none cannot be given to any kit: it is
/// refused at the door, on gateway/rejected/wardragon. A kit's own message that breaks the rules
/// is refused by the kit, which lists it.
/// </summary>
[Collection(WarDragonCollection.Name)]
public sealed class WarDragonRejectionTests(GatewayFixture fixture)
{
    private const string RejectedTopic = "gateway/rejected/wardragon";

    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task AMessageNamingNoKitIsRejectedAndKitsCarryOn()
    {
        var kitId = DeviceIds.New("kit-bystander");
        var kit = WarDragonKits.Route(kitId);
        await using var watcher = await MosquittoSubscriber.StartAsync(Gateway.MqttPort, RejectedTopic);
        await Mosquitto.PublishAsync(Gateway.MqttPort, "wardragon/signals", WarDragonKits.SeenBy(FamilyExamples.WarDragon.Signal, kitId), qos: 0);
        var before = await Gateway.WaitForDeviceAsync(kit, v => WarDragonKits.Tracks(v, "signals").Length == 1, "the kit's signal");

        // The example signal on another channel with its kit left out.
        var kitless = Fixtures.With(FamilyExamples.WarDragon.Signal, s =>
        {
            s.Remove("seen_by");
            s["freq_mhz"] = 5865;
        });
        await Mosquitto.PublishAsync(Gateway.MqttPort, "wardragon/signals", kitless, qos: 0);

        var announced = await watcher.WaitForAsync(m => m.StringField("topic") == "wardragon/signals", "the rejection of the kitless signal");
        var reason = RejectionAsserts.AssertAnnounced(announced, "wardragon", "wardragon/signals", entityId: null, "seen_by");
        Assert.Equal("message names no kit: it needs seen_by or kit_id", reason);

        // The bystander kit neither got the kitless signal nor stopped taking its own.
        await Mosquitto.PublishAsync(Gateway.MqttPort, "wardragon/aircraft", WarDragonKits.SeenBy(FamilyExamples.WarDragon.Aircraft, kitId), qos: 0);
        var after = await Gateway.WaitForDeviceAsync(kit, v => WarDragonKits.Tracks(v, "aircraft").Length == 1, "the kit's aircraft");
        JsonAssert.Same(before.At("extension.tracks.signals"), after.At("extension.tracks.signals"), "the kit's signals");
    }

    [Fact]
    public async Task AKitsReportWithAnImpossiblePositionIsRejectedAndListedInTheKitsView()
    {
        var kitId = DeviceIds.New("kit-bad-position");
        var kit = WarDragonKits.Route(kitId);
        var neighbourId = DeviceIds.New("kit-neighbour");
        await using var watcher = await MosquittoSubscriber.StartAsync(Gateway.MqttPort, RejectedTopic);
        await Mosquitto.PublishAsync(Gateway.MqttPort, "wardragon/drones", WarDragonKits.SeenBy(FamilyExamples.WarDragon.Drone, kitId), qos: 0);
        var before = await Gateway.WaitForDeviceAsync(kit, v => WarDragonKits.Tracks(v, "drones").Length == 1, "the kit's drone");

        var perDroneTopic = "wardragon/drone/drone-12345";
        await Mosquitto.PublishAsync(Gateway.MqttPort, perDroneTopic, $$"""{"seen_by":"{{kitId}}","lat":123.0,"lon":-122.4194}""", qos: 0);
        await Mosquitto.PublishAsync(Gateway.MqttPort, "wardragon/drones", WarDragonKits.SeenBy(FamilyExamples.WarDragon.Drone, neighbourId), qos: 0);

        var announced = await watcher.WaitForAsync(m => m.StringField("topic") == perDroneTopic && m.StringField("device") == kit.EntityId, "the rejection of the impossible position");
        var reason = RejectionAsserts.AssertAnnounced(announced, "wardragon", perDroneTopic, kit.EntityId, "lat");
        var after = (await Gateway.Api.GetDeviceAsync(kit)).Json;
        JsonAssert.Same(before.At("extension.tracks"), after.At("extension.tracks"), "the kit's tracks");
        RejectionAsserts.AssertListed(after, perDroneTopic, reason);
        await Gateway.WaitForDeviceAsync(WarDragonKits.Route(neighbourId), v => WarDragonKits.Tracks(v, "drones").Length == 1, "the neighbour kit's drone");
    }
}
