using System.Net;
using System.Text.Json.Nodes;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;
using static Gateway.IntegrationTests.Infrastructure.FamilyExamples;
using static Gateway.IntegrationTests.Infrastructure.Fixtures;

namespace Gateway.IntegrationTests.Tests.Families.WarDragon;

/// <summary>
/// A kit registers itself with its first message: what DragonSync publishes (QoS 0, as it does by
/// default) on the shared wardragon/ topics is sorted by seen_by or kit_id into that kit's view.
/// </summary>
[Collection(WarDragonCollection.Name)]
public sealed class WarDragonKitTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task TheExampleDetectionsAndSystemHealthMakeUpTheKitsView()
    {
        var kit = WarDragonKits.Route(FamilyExamples.WarDragon.KitId);
        const string system = """{"kit_id":"wardragon-abc123","cpu_usage":23.5,"memory_usage":41.2,"temperature":52.0,"uptime":86400}""";

        await Mosquitto.PublishFileAsync(Gateway.MqttPort, "wardragon/drones", PathOf(FamilyExamples.WarDragon.Drone), qos: 0);
        await Mosquitto.PublishFileAsync(Gateway.MqttPort, "wardragon/aircraft", PathOf(FamilyExamples.WarDragon.Aircraft), qos: 0);
        await Mosquitto.PublishFileAsync(Gateway.MqttPort, "wardragon/signals", PathOf(FamilyExamples.WarDragon.Signal), qos: 0);
        await Mosquitto.PublishAsync(Gateway.MqttPort, "wardragon/system", system, qos: 0);

        var view = await Gateway.WaitForDeviceAsync(kit, v =>
            WarDragonKits.Tracks(v, "drones").Length > 0 && WarDragonKits.Tracks(v, "aircraft").Length > 0
            && WarDragonKits.Tracks(v, "signals").Length > 0 && v.Find("shadow.reported.cpu_usage") is not null,
            "a drone, an aircraft, a signal and its system health");
        var drone = Assert.Single(WarDragonKits.Tracks(view, "drones"));
        Assert.Equal("drone-12345", drone.StringAt("id"));
        Assert.Equal(37.7749, drone.At("lat").GetDouble());
        Assert.Equal(-122.4194, drone.At("lon").GetDouble());
        JsonAssert.Same(Text(FamilyExamples.WarDragon.Drone), drone.At("last"), "the drone's last report");
        var aircraft = Assert.Single(WarDragonKits.Tracks(view, "aircraft"));
        Assert.Equal("A12345", aircraft.StringAt("id"));
        Assert.Equal(37.8, aircraft.At("lat").GetDouble());
        Assert.Equal("UAL123", aircraft.StringAt("last.callsign"));
        var signal = Assert.Single(WarDragonKits.Tracks(view, "signals"));
        Assert.Equal("5800", signal.StringAt("id"));
        Assert.Equal(-45, signal.At("last.power_dbm").GetInt32());
        JsonAssert.Same(system, view.At("shadow.reported"), "the kit's system health");
        Assert.True(view.At("online").GetBoolean(), view.ToString());
    }

    [Fact]
    public async Task APerDroneTopicMovesThatDronesTrack()
    {
        var kitId = DeviceIds.New("kit-per-drone");
        var kit = WarDragonKits.Route(kitId);
        await Mosquitto.PublishAsync(Gateway.MqttPort, "wardragon/drones", WarDragonKits.SeenBy(FamilyExamples.WarDragon.Drone, kitId), qos: 0);
        await Gateway.WaitForDeviceAsync(kit, v => WarDragonKits.Tracks(v, "drones").Length == 1, "the example drone's track");

        await Mosquitto.PublishAsync(Gateway.MqttPort, "wardragon/drone/drone-12345", Fixtures.With(FamilyExamples.WarDragon.Drone, d =>
        {
            d["seen_by"] = kitId;
            d["lat"] = 37.7801;
            d["alt"] = 140.0;
        }), qos: 0);

        var view = await Gateway.WaitForDeviceAsync(kit, v => WarDragonKits.Tracks(v, "drones").FirstOrDefault().Find("lat")?.GetDouble() == 37.7801, "the drone's new position");
        var drone = Assert.Single(WarDragonKits.Tracks(view, "drones"));
        Assert.Equal("drone-12345", drone.StringAt("id"));
        Assert.Equal(-122.4194, drone.At("lon").GetDouble());
        Assert.Equal(140.0, drone.At("last.alt").GetDouble());
    }

    [Fact]
    public async Task AnAggregateListOnTheDronesTopicTracksEachDrone()
    {
        var kitId = DeviceIds.New("kit-list");
        var second = Fixtures.Object(FamilyExamples.WarDragon.Drone);
        second["seen_by"] = kitId;
        second["id"] = "drone-67890";
        second["lat"] = 37.7601;
        var list = new JsonArray(JsonNode.Parse(WarDragonKits.SeenBy(FamilyExamples.WarDragon.Drone, kitId)), second).ToJsonString();

        await Mosquitto.PublishAsync(Gateway.MqttPort, "wardragon/drones", list, qos: 0);

        var view = await Gateway.WaitForDeviceAsync(WarDragonKits.Route(kitId), v => WarDragonKits.Tracks(v, "drones").Length == 2, "both drones of the list");
        Assert.Equal(new[] { "drone-12345", "drone-67890" }, WarDragonKits.Tracks(view, "drones").Select(d => d.StringAt("id")).Order().ToArray());
    }

    [Fact]
    public async Task KitsTakeNoCommands()
    {
        var response = await Gateway.Api.PostCommandAsync(WarDragonKits.Route(FamilyExamples.WarDragon.KitId), """{"command":"reboot"}""");

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, response.ToString());
        Assert.True(response.Json.Find("errors.command") is not null, response.ToString());
    }
}
