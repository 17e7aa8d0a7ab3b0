using System.Text;
using System.Text.Json;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;
using Gateway.Protocols;
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

    /// <summary>The clientToken of the requests below, written out in their text.</summary>
    private const string Token = "t-9";

    /// <summary>Every refusal of an update, with AWS's code and its documented text; the request's clientToken is echoed whenever it could be read and is one.</summary>
    public static TheoryData<string, string, int, string, bool> Rejections() => new()
    {
        // case, request, AWS code, AWS message, whether the rejection echoes the request's clientToken
        { "not JSON", "{oops", 400, "Invalid JSON", false },
        { "JSON that breaks off after its clientToken", """{"clientToken":"t-9","state":{"reported":""", 400, "Invalid JSON", true },
        // Found by DeviceInputFuzzProperties: the JsonObject threw ArgumentException when first read.
        { "a name twice", """{"clientToken":"t-9","state":{"reported":{"a":1}},"state":{"desired":{"a":2}}}""", 400, "Invalid JSON", true },
        { "half a surrogate pair", """{"clientToken":"t-9","state":{"reported":{"a":"\ud800"}}}""", 400, "Invalid JSON", true },
        // Found by the long run of DeviceInputFuzzProperties: it passed the object depth limit and broke the snapshot.
        { "arrays nested 40 deep", """{"clientToken":"t-9","state":{"reported":{"a":""" + new string('[', 40) + "1" + new string(']', 40) + "}}}", 400, "JSON contains too many levels of nesting; maximum is 6", true },
        { "no state", """{"clientToken":"t-9"}""", 400, "Missing required node: state", true },
        { "state not an object", """{"clientToken":"t-9","state":[1]}""", 400, "State node must be an object", true },
        { "unknown state node", """{"clientToken":"t-9","state":{"wanted":{"a":1}}}""", 400, "State contains an invalid node: 'wanted'", true },
        { "desired not an object", """{"clientToken":"t-9","state":{"desired":5}}""", 400, "Desired node must be an object", true },
        { "reported not an object", """{"clientToken":"t-9","state":{"reported":"on"}}""", 400, "Reported node must be an object", true },
        { "version not a number", """{"clientToken":"t-9","state":{"desired":{"a":1}},"version":"1"}""", 400, "Invalid version", true },
        { "clientToken over 64 bytes", $$$"""{"state":{"desired":{"a":1}},"clientToken":"{{{new string('x', 65)}}}"}""", 400, "Invalid clientToken", false },
        { "clientToken not a string", """{"state":{"desired":{"a":1}},"clientToken":7}""", 400, "Invalid clientToken", false },
        { "nesting 7 deep", """{"clientToken":"t-9","state":{"desired":{"a":{"b":{"c":{"d":{"e":{"f":{"g":1}}}}}}}}}""", 400, "JSON contains too many levels of nesting; maximum is 6", true },
        { "version conflict", """{"clientToken":"t-9","state":{"desired":{"a":1}},"version":7}""", 409, "Version conflict", true },
        { "request over 8 KB", $$$$"""{"clientToken":"t-9","state":{"reported":{"blob":"{{{{new string('x', 8200)}}}}"}}}""", 413, "The payload exceeds the maximum size allowed", true },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void Malformed_or_conflicting_updates_are_rejected_with_the_aws_code_and_text(string _, string request, int code, string message, bool echoesToken)
    {
        ExampleReported();
        Publish($"{Root}/update", request);
        var rejected = Reply("update/rejected");
        Assert.Equal(code, rejected.GetProperty("code").GetInt32());
        Assert.Equal(message, rejected.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Number, rejected.GetProperty("timestamp").ValueKind);
        Assert.Equal(echoesToken ? Token : null, ClientToken(rejected));
        Assert.StartsWith($"{code} {message}", Json(ExpectPublish("gateway/rejected/anc").Payload).GetProperty("reason").GetString());
        Publish($"{Root}/get", "");
        Assert.Equal(1, Reply("get/accepted").GetProperty("version").GetInt64()); // nothing changed
        Publish($"{Root}/update", """{"state":{"reported":{"anc_intensity":0.7}},"version":1}""");
        Assert.Equal(2, Reply("update/accepted").GetProperty("version").GetInt64()); // and the next good request is taken
    }

    private static string? ClientToken(JsonElement reply) => reply.TryGetProperty("clientToken", out var token) ? token.GetString() : null;

    /// <summary>A request holding bytes that are not UTF-8 (0xC3 0x28: a two-byte sequence cut short), otherwise well formed.</summary>
    private static byte[] NotUtf8(string before, string after) => [.. Encoding.UTF8.GetBytes(before), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(after)];

    [Theory]
    [InlineData("update")]
    [InlineData("get")]
    [InlineData("delete")]
    public void A_request_that_is_not_utf8_is_refused_with_415_and_its_clientToken_and_changes_nothing(string operation)
    {
        ExampleReported();
        Publish($"{Root}/{operation}", NotUtf8("""{"clientToken":"t-9","state":{"reported":{"noise_type":"street""", "\"}}}"));
        var rejected = Reply($"{operation}/rejected");
        Assert.Equal(415, rejected.GetProperty("code").GetInt32());
        Assert.Equal("Unsupported documented encoding; supported encoding is UTF-8", rejected.GetProperty("message").GetString());
        Assert.Equal(Token, ClientToken(rejected));
        var announced = Json(ExpectPublish("gateway/rejected/anc").Payload);
        Assert.Equal($"{Root}/{operation}", announced.GetProperty("topic").GetString());
        Assert.Equal("415 Unsupported documented encoding; supported encoding is UTF-8", announced.GetProperty("reason").GetString());
        Assert.Contains(View(Thing).RecentRejections, r => r.Topic == $"{Root}/{operation}" && r.Reason.StartsWith("415 ", StringComparison.Ordinal));
        Publish($"{Root}/get", "");
        var shadow = Reply("get/accepted");
        Assert.Equal(1, shadow.GetProperty("version").GetInt64());
        Assert.Equal("office", shadow.GetProperty("state").GetProperty("reported").GetProperty("noise_type").GetString());
    }

    [Theory]
    [InlineData("update", null)]
    [InlineData("get", null)]
    [InlineData("delete", null)]
    [InlineData("update", "config")]
    public void A_request_over_the_family_payload_limit_is_refused_with_413_and_its_clientToken(string operation, string? shadow)
    {
        ExampleReported();
        var root = shadow is null ? Root : $"{Root}/name/{shadow}";
        var limit = PayloadLimit.For(Sys.Settings.Config, "anc");
        // One byte over the limit, the clientToken first as the AWS SDKs write it.
        var head = """{"clientToken":"t-9","state":{"reported":{"blob":""";
        var request = head + "\"" + new string('x', limit.MaxBytes + 1 - head.Length - 5) + "\"}}}";
        Assert.Equal(limit.MaxBytes + 1, Encoding.UTF8.GetByteCount(request));

        Publish($"{root}/{operation}", request);

        var rejected = Json(ExpectPublish($"{root}/{operation}/rejected").Payload);
        Assert.Equal(413, rejected.GetProperty("code").GetInt32());
        Assert.Equal("The payload exceeds the maximum size allowed", rejected.GetProperty("message").GetString());
        Assert.Equal(Token, ClientToken(rejected));
        Assert.Equal($"413 The payload exceeds the maximum size allowed: {limit.MaxBytes + 1} bytes, over the {limit.MaxBytes}-byte limit (gateway.devices.max-payload-bytes)",
            Json(ExpectPublish("gateway/rejected/anc").Payload).GetProperty("reason").GetString());
        Publish($"{Root}/get", "");
        Assert.Equal(1, Reply("get/accepted").GetProperty("version").GetInt64());
    }

    [Fact]
    public void Get_and_delete_of_a_shadow_that_does_not_exist_answer_404_naming_it_with_the_clientToken()
    {
        Publish($"{Root}/get", """{"clientToken":"t-9"}""");
        var classic = Reply("get/rejected");
        Assert.Equal(404, classic.GetProperty("code").GetInt32());
        Assert.Equal("No shadow exists with name: 'anc-device-001'", classic.GetProperty("message").GetString());
        Assert.Equal(Token, ClientToken(classic));
        Publish($"{Root}/name/config/delete", """{"clientToken":"t-9"}""");
        var named = Json(ExpectPublish($"{Root}/name/config/delete/rejected").Payload);
        Assert.Equal(404, named.GetProperty("code").GetInt32());
        Assert.Equal("No shadow exists with name: 'config'", named.GetProperty("message").GetString());
        Assert.Equal(Token, ClientToken(named));
    }

    [Theory]
    [InlineData("get", """{"clientToken":5}""", 400, "Invalid clientToken", false)]
    [InlineData("delete", """{"clientToken":"t-9",""", 400, "Invalid JSON", true)]
    [InlineData("get", "[]", 400, "Invalid JSON", false)]
    public void Malformed_get_and_delete_requests_are_rejected_the_aws_way(string operation, string request, int code, string message, bool echoesToken)
    {
        ExampleReported();
        Publish($"{Root}/{operation}", request);
        var rejected = Reply($"{operation}/rejected");
        Assert.Equal(code, rejected.GetProperty("code").GetInt32());
        Assert.Equal(message, rejected.GetProperty("message").GetString());
        Assert.Equal(echoesToken ? Token : null, ClientToken(rejected));
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
