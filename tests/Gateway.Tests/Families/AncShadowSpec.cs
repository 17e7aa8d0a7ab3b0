using System.Text.Json;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;
using Xunit;

namespace Gateway.Tests.Families;

/// <summary>
/// The AWS IoT Device Shadow behaviour of ANC things, case by case as AWS documents it, fed
/// with anc-aws-iot-shadow.md's own reported, desired and delta examples.
/// </summary>
public sealed class AncShadowSpec : DeviceHarness
{
    private const string Thing = "anc/anc-device-001";
    private const string Root = "$aws/things/anc-device-001/shadow";

    private JsonElement Reply(string suffix) => Json(ExpectPublish($"{Root}/{suffix}").Payload);

    private void ExampleReported()
    {
        Publish($"{Root}/update", Fixture.Text("anc/reported.json"));
        Reply("update/accepted");
    }

    [Fact]
    public void The_documents_reported_then_desired_produce_the_documents_delta()
    {
        Publish($"{Root}/update", Fixture.Text("anc/reported.json").Replace("\"state\"", "\"clientToken\": \"t-1\", \"state\""));
        var accepted = Reply("update/accepted");
        Assert.Equal(1, accepted.GetProperty("version").GetInt64());
        Assert.Equal("t-1", accepted.GetProperty("clientToken").GetString());
        Assert.True(accepted.GetProperty("metadata").GetProperty("reported").GetProperty("anc_intensity").TryGetProperty("timestamp", out _));
        var documents = Reply("update/documents");
        Assert.Equal(JsonValueKind.Null, documents.GetProperty("previous").ValueKind);
        Assert.Equal(1, documents.GetProperty("current").GetProperty("version").GetInt64());

        Publish($"{Root}/update", Fixture.Text("anc/desired.json"));
        var delta = Reply("update/delta");
        var expected = Json(Fixture.Text("anc/delta.json")).GetProperty("state");
        Assert.True(JsonElement.DeepEquals(expected, delta.GetProperty("state")), delta.GetProperty("state").GetRawText());
        Assert.Equal(2, delta.GetProperty("version").GetInt64());
        var previous = Reply("update/documents").GetProperty("previous");
        Assert.Equal(1, previous.GetProperty("version").GetInt64());

        Publish($"{Root}/get", """{"clientToken":"g"}""");
        var got = Reply("get/accepted");
        Assert.Equal(0.9, got.GetProperty("state").GetProperty("desired").GetProperty("anc_intensity").GetDouble());
        Assert.Equal(0.85, got.GetProperty("state").GetProperty("reported").GetProperty("anc_intensity").GetDouble());
        Assert.Equal(0.9, got.GetProperty("state").GetProperty("delta").GetProperty("anc_intensity").GetDouble());
        Assert.Equal(2, got.GetProperty("version").GetInt64());
        Assert.Equal("g", got.GetProperty("clientToken").GetString());
    }

    public static TheoryData<string, string, int, string> Rejections() => new()
    {
        { "not JSON", "{oops", 400, "Invalid JSON" },
        // Found by DeviceInputFuzzProperties: the JsonObject threw ArgumentException when first read.
        { "a name twice", """{"state":{"reported":{"a":1}},"state":{"desired":{"a":2}}}""", 400, "Invalid JSON" },
        { "half a surrogate pair", """{"state":{"reported":{"a":"\ud800"}}}""", 400, "Invalid JSON" },
        // Found by the long run of DeviceInputFuzzProperties: it passed the object depth limit and broke the snapshot.
        { "arrays nested 40 deep", "{\"state\":{\"reported\":{\"a\":" + new string('[', 40) + "1" + new string(']', 40) + "}}}", 400, "Invalid JSON" },
        { "no state", """{"clientToken":"c"}""", 400, "Missing required node: state" },
        { "state not an object", """{"state":[1]}""", 400, "State node must be an object" },
        { "unknown state node", """{"state":{"wanted":{"a":1}}}""", 400, "State contains an invalid node: 'wanted'" },
        { "desired not an object", """{"state":{"desired":5}}""", 400, "Desired node must be an object" },
        { "clientToken over 64 bytes", $$$"""{"state":{"desired":{"a":1}},"clientToken":"{{{new string('x', 65)}}}"}""", 400, "clientToken is longer than 64 bytes" },
        { "nesting 7 deep", """{"state":{"desired":{"a":{"b":{"c":{"d":{"e":{"f":{"g":1}}}}}}}}}""", 400, "too many levels of nesting; maximum is 6" },
        { "version conflict", """{"state":{"desired":{"a":1}},"version":7}""", 409, "Version conflict" },
        { "state over 8 KB", $$$$"""{"state":{"reported":{"blob":"{{{{new string('x', 8200)}}}}"}}}""", 413, "exceeds the maximum size" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void Malformed_or_conflicting_updates_are_rejected_with_the_aws_code(string _, string request, int code, string message)
    {
        ExampleReported();
        Publish($"{Root}/update", request);
        var rejected = Reply("update/rejected");
        Assert.Equal(code, rejected.GetProperty("code").GetInt32());
        Assert.Contains(message, rejected.GetProperty("message").GetString());
        Assert.Contains($"{code}", Json(ExpectPublish("gateway/rejected/anc").Payload).GetProperty("reason").GetString());
        Publish($"{Root}/get", "");
        Assert.Equal(1, Reply("get/accepted").GetProperty("version").GetInt64()); // nothing changed
    }

    [Fact]
    public void A_6_level_document_and_a_matching_version_are_accepted()
    {
        ExampleReported();
        Publish($"{Root}/update", """{"state":{"desired":{"a":{"b":{"c":{"d":{"e":{"f":1}}}}}}},"version":1}""");
        Assert.Equal(2, Reply("update/accepted").GetProperty("version").GetInt64());
    }

    [Fact]
    public void A_null_removes_a_key_and_a_null_section_removes_the_section()
    {
        ExampleReported();
        Publish($"{Root}/update", """{"state":{"reported":{"uptime":null,"noise_type":null}}}""");
        Reply("update/accepted");
        Publish($"{Root}/get", "");
        var reported = Reply("get/accepted").GetProperty("state").GetProperty("reported");
        Assert.False(reported.TryGetProperty("uptime", out _));
        Assert.True(reported.TryGetProperty("battery_level", out _));

        Publish($"{Root}/update", """{"state":{"reported":null}}""");
        Reply("update/accepted");
        Publish($"{Root}/get", "");
        Assert.False(Reply("get/accepted").GetProperty("state").TryGetProperty("reported", out _));
    }

    [Fact]
    public void Delete_removes_the_shadow_and_get_then_answers_404()
    {
        Publish($"{Root}/get", "");
        Assert.Equal(404, Reply("get/rejected").GetProperty("code").GetInt32());
        ExampleReported();
        Publish($"{Root}/delete", """{"clientToken":"d"}""");
        var deleted = Reply("delete/accepted");
        Assert.Equal("d", deleted.GetProperty("clientToken").GetString());
        Publish($"{Root}/get", "");
        Assert.Equal(404, Reply("get/rejected").GetProperty("code").GetInt32());
        Publish($"{Root}/delete", "");
        Assert.Equal(404, Reply("delete/rejected").GetProperty("code").GetInt32());
    }

    [Fact]
    public void Named_shadows_are_independent_of_the_classic_one()
    {
        ExampleReported();
        Publish($"{Root}/name/config/update", """{"state":{"desired":{"mode":"quiet"}}}""");
        var accepted = Json(ExpectPublish($"{Root}/name/config/update/accepted").Payload);
        Assert.Equal(1, accepted.GetProperty("version").GetInt64());
        Assert.Equal("quiet", Json(ExpectPublish($"{Root}/name/config/update/delta").Payload).GetProperty("state").GetProperty("mode").GetString());
        Publish($"{Root}/get", "");
        Assert.False(Reply("get/accepted").GetProperty("state").TryGetProperty("desired", out _));
        var view = Json(View(Thing).Extension!.Value).GetProperty("aws_shadows");
        Assert.Equal("quiet", view.GetProperty("named").GetProperty("config").GetProperty("state").GetProperty("desired").GetProperty("mode").GetString());
    }

    [Fact]
    public void Desired_state_from_the_api_is_an_update_of_the_classic_shadow()
    {
        ExampleReported();
        var shadow = Query<ShadowView>(Thing, new SetDesired(Thing, RawJson.Parse("""{"anc_intensity":0.5}""")));
        Assert.Equal("""{"anc_intensity":0.5}""", shadow.Delta.ToString());
        Assert.Equal(2, shadow.Version);
        Assert.Equal(0.5, Reply("update/delta").GetProperty("state").GetProperty("anc_intensity").GetDouble());
    }

    [Fact]
    public void Shadows_survive_a_restart()
    {
        ExampleReported();
        Publish($"{Root}/update", Fixture.Text("anc/desired.json"));
        Reply("update/accepted");
        var before = View(Thing).Extension!.Value.ToString();
        Restart(Thing);
        Assert.Equal(before, View(Thing).Extension!.Value.ToString());
        Publish($"{Root}/update", """{"state":{"reported":{"anc_intensity":0.9}},"version":2}""");
        Assert.Equal(3, Reply("update/accepted").GetProperty("version").GetInt64());
    }

    [Fact]
    public void Emergencies_are_journaled_and_published_and_telemetry_feeds_the_same_actor()
    {
        Publish("anc/devices/anc-device-001/emergency", Fixture.Text("anc/emergency.json"));
        var emergency = Json(ExpectPublish("gateway/anc/anc-device-001/events").Payload);
        Assert.Equal("fire_alarm", emergency.GetProperty("payload").GetProperty("predicted_class").GetString());
        Publish("anc/telemetry/anc-device-001/anc", Fixture.Text("anc/anc_metrics.json"));
        Publish("anc/telemetry/anc-device-001/system", Fixture.Text("anc/system_metrics.json"));
        Publish("anc/devices/anc-device-001/status", Fixture.Text("anc/status.json"));
        var reported = Json(View(Thing).Shadow.Reported);
        Assert.Equal(42.5, reported.GetProperty("anc").GetProperty("cancellation_db").GetDouble());
        Assert.Equal(85, reported.GetProperty("system").GetProperty("battery_level").GetInt32());
        Assert.Equal("online", reported.GetProperty("status").GetString());
        Assert.Equal("emergency", View(Thing).RecentEvents.Single().Event);

        Publish("anc/telemetry/anc-device-001/system", """{"battery_level":140}""");
        Assert.Contains("battery_level", Json(ExpectPublish("gateway/rejected/anc").Payload).GetProperty("reason").GetString());
    }
}
