using Gateway.Contracts.Messages;
using Xunit;

namespace Gateway.Tests.Families;

/// <summary>wardragon-kits.md's own examples: kits register themselves and own the tracks they see.</summary>
public sealed class WarDragonGoldenSpec : DeviceHarness
{
    private const string Kit = "wardragon/wardragon-abc123";

    [Fact]
    public void A_kit_registers_with_its_first_message_and_owns_its_tracks()
    {
        Assert.Equal(Kit, Publish("wardragon/drones", Fixture.Text("wardragon/drone.json")));
        Publish("wardragon/aircraft", Fixture.Text("wardragon/aircraft.json"));
        Publish("wardragon/signals", Fixture.Text("wardragon/signal.json"));
        Publish("wardragon/system", """{"kit_id":"wardragon-abc123","cpu_usage":12.5,"gps_fix":true}""");

        var view = View(Kit);
        var tracks = Json(view.Extension!.Value).GetProperty("tracks");
        var drone = tracks.GetProperty("drones")[0];
        Assert.Equal("drone-12345", drone.GetProperty("id").GetString());
        Assert.Equal(37.7749, drone.GetProperty("lat").GetDouble());
        Assert.Equal("Mavic 3", drone.GetProperty("last").GetProperty("rid_model").GetString());
        Assert.Equal("A12345", tracks.GetProperty("aircraft")[0].GetProperty("id").GetString());
        Assert.Equal("5800", tracks.GetProperty("signals")[0].GetProperty("id").GetString());
        Assert.Equal(12.5, Json(view.Shadow.Reported).GetProperty("cpu_usage").GetDouble());
    }

    [Fact]
    public void Lists_and_per_drone_topics_update_tracks_and_survive_a_restart()
    {
        Publish("wardragon/drones", """[{"seen_by":"wardragon-abc123","id":"d1","lat":1,"lon":2},{"seen_by":"wardragon-abc123","id":"d2","lat":3,"lon":4}]""");
        Publish("wardragon/drone/d1", """{"seen_by":"wardragon-abc123","lat":1.5,"lon":2.5}""");
        var before = View(Kit).Extension!.Value.ToString();
        Restart(Kit);
        var tracks = Json(View(Kit).Extension!.Value).GetProperty("tracks").GetProperty("drones");
        Assert.Equal(2, tracks.GetArrayLength());
        Assert.Contains(tracks.EnumerateArray(), t => t.GetProperty("id").GetString() == "d1" && t.GetProperty("lat").GetDouble() == 1.5);
        Assert.Equal(before, View(Kit).Extension!.Value.ToString());
    }

    [Fact]
    public void A_message_naming_no_kit_is_refused_before_any_actor()
    {
        Assert.Null(Publish("wardragon/signals", """{"freq_mhz":5800}"""));
        Assert.True(Profiles.Get("wardragon").TryReadPayloadKey("signals", """{"kit_id":"k1"}"""u8, out var key, out _));
        Assert.Equal("wardragon/k1", key.EntityId);
        Assert.False(Profiles.Get("wardragon").TryReadPayloadKey("signals", """{"freq_mhz":5800}"""u8, out _, out var reason));
        Assert.Equal("message names no kit: it needs seen_by or kit_id", reason);
    }

    /// <summary>
    /// The kit is read before the message's text is checked (its kit checks it, once): a kit named
    /// in bytes that are not UTF-8, or a name escaping half a surrogate pair, names no kit and throws nothing.
    /// </summary>
    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0x6B, 0x69, 0x74, 0x5F, 0x69, 0x64, 0x22, 0x3A, 0x22, 0x6B, 0xC3, 0x28, 0x22, 0x7D }, "message names no kit: it needs seen_by or kit_id")] // {"kit_id":"kÃ("}
    [InlineData(new byte[] { 0x7B, 0x22, 0x5C, 0x75, 0x64, 0x63, 0x30, 0x30, 0x78, 0x22, 0x3A, 0x31, 0x7D }, "payload is not valid JSON: a string escapes half of a UTF-16 surrogate pair")] // {"\udc00x":1}
    public void A_kit_name_that_is_not_text_names_no_kit(byte[] payload, string reason)
    {
        Assert.False(Profiles.Get("wardragon").TryReadPayloadKey("system", payload, out _, out var why));
        Assert.Equal(reason, why);
    }

    [Theory]
    [InlineData("wardragon/aircraft", """{"seen_by":"wardragon-abc123","callsign":"UAL123"}""", "icao is required")]
    [InlineData("wardragon/drones", """[{"seen_by":"wardragon-abc123","id":"d1"},{"seen_by":"other-kit","id":"d2"}]""", "[1].seen_by 'other-kit' is not this device ('wardragon-abc123')")]
    [InlineData("wardragon/signals", """{"seen_by":"wardragon-abc123","freq_mhz":"fast"}""", "freq_mhz must be a number")]
    [InlineData("wardragon/drone/d9", """{"seen_by":"wardragon-abc123","lat":123}""", "lat must be from -90 to 90")]
    public void Bad_entries_are_rejected_and_change_nothing(string topic, string payload, string reason)
    {
        Publish("wardragon/drones", Fixture.Text("wardragon/drone.json"));
        var before = View(Kit).Extension!.Value.ToString();
        Publish(topic, payload);
        Assert.Contains(reason, Json(ExpectPublish("gateway/rejected/wardragon").Payload).GetProperty("reason").GetString());
        Assert.Equal(before, View(Kit).Extension!.Value.ToString());
        Assert.Single(View(Kit).RecentRejections);
    }

    [Fact]
    public void Kits_take_no_commands()
    {
        Publish("wardragon/drones", Fixture.Text("wardragon/drone.json"));
        var reply = Query<object>(Kit, new SubmitCommand(Kit, Gateway.Contracts.Json.RawJson.Parse("""{"command":"scan"}""")));
        Assert.Contains(Assert.IsType<CommandInvalid>(reply).Errors, e => e.Field == "command");
    }
}
