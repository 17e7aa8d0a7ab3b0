using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Tests.Families.Anc;

/// <summary>
/// The AWS IoT Device Shadow errors the gateway reproduces, one row each: the thing hears them on
/// update/rejected with AWS's code, the gateway announces them on gateway/rejected/anc, the thing's
/// view lists them, and neither this shadow nor a neighbour's changes. Each row has a thing of its
/// own, holding the document's reported state, so rows cannot disturb one another.
/// </summary>
[Collection(AncCollection.Name)]
public sealed class AwsShadowRejectionTests(GatewayFixture fixture)
{
    private const string Token = "rejected-request";

    private GatewayProcess Gateway => fixture.Gateway;

    public static TheoryData<string, int, string, bool> Cases => new()
    {
        // case, AWS error code, AWS's documented message, whether the reply echoes the clientToken
        { "stale-version", 409, "Version conflict", true },
        { "not-json", 400, "Invalid JSON", false },
        { "json-that-breaks-off-after-its-client-token", 400, "Invalid JSON", true },
        { "no-state", 400, "Missing required node: state", true },
        { "state-not-an-object", 400, "State node must be an object", true },
        { "unknown-state-node", 400, "State contains an invalid node: 'wanted'", true },
        { "reported-not-an-object", 400, "Reported node must be an object", true },
        { "version-not-a-number", 400, "Invalid version", true },
        { "client-token-of-65-bytes", 400, "Invalid clientToken", false },
        { "desired-nested-7-levels", 400, "JSON contains too many levels of nesting; maximum is 6", true },
        { "desired-and-reported-over-8-KB", 413, "The payload exceeds the maximum size allowed", true },
        { "request-of-128-KiB-and-1-byte", 413, "The payload exceeds the maximum size allowed", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ARequestAwsIotWouldRefuseIsRejectedTheAwsWayAndTheGatewayWay(string kind, int code, string message, bool echoesToken)
    {
        await using var watcher = await MosquittoSubscriber.StartAsync(Gateway.MqttPort, "gateway/rejected/anc");
        await using var thing = await AncThing.ConnectAsync(Gateway.MqttPort, DeviceIds.New($"anc-{kind}"));
        await using var neighbour = await AncThing.ConnectAsync(Gateway.MqttPort, DeviceIds.New("anc-neighbour"));
        await thing.UpdateAsync(AncThing.WithToken(FamilyExamples.Anc.Reported, "example"));
        var version = (await thing.ReplyAsync("update/accepted", "example")).At("version").GetInt64();
        var updateTopic = $"{thing.ShadowTopic()}/update";

        await thing.UpdateAsync(Request(kind, version));
        await neighbour.UpdateAsync(AncThing.WithToken(FamilyExamples.Anc.Reported, "neighbour"));

        var rejected = await thing.ReplyAsync("update/rejected", echoesToken ? Token : null);
        Assert.Equal(code, rejected.At("code").GetInt32());
        Assert.Equal(message, rejected.StringAt("message"));
        Assert.Equal(JsonValueKind.Number, rejected.At("timestamp").ValueKind);
        Assert.Equal(echoesToken ? Token : null, rejected.StringAt("clientToken"));
        var announced = await watcher.WaitForAsync(m => m.StringField("topic") == updateTopic, $"the rejection on {updateTopic}");
        var reason = RejectionAsserts.AssertAnnounced(announced, "anc", updateTopic, thing.Route.EntityId, message);
        Assert.StartsWith($"{code} ", reason);

        await thing.GetAsync("""{"clientToken":"after"}""");
        var shadow = await thing.ReplyAsync("get/accepted", "after");
        Assert.Equal(version, shadow.At("version").GetInt64());
        JsonAssert.Same(AncThing.ExampleSection(FamilyExamples.Anc.Reported, "reported"), shadow.At("state.reported"), "the reported state");
        Assert.Null(shadow.Find("state.desired"));
        var view = (await Gateway.Api.GetDeviceAsync(thing.Route)).Json;
        RejectionAsserts.AssertListed(view, updateTopic, reason);
        Assert.Equal(1, (await neighbour.ReplyAsync("update/accepted", "neighbour")).At("version").GetInt64());
    }

    /// <summary>
    /// AWS answers a request whose bytes are not UTF-8 with 415 on every operation; the gateway does
    /// too, with the request's clientToken, stores nothing of it, and takes the thing's next request.
    /// </summary>
    [Theory]
    [InlineData("update")]
    [InlineData("get")]
    [InlineData("delete")]
    public async Task ARequestThatIsNotUtf8IsAnswered415WithItsClientTokenAndChangesNothing(string operation)
    {
        await using var watcher = await MosquittoSubscriber.StartAsync(Gateway.MqttPort, "gateway/rejected/anc");
        await using var thing = await AncThing.ConnectAsync(Gateway.MqttPort, DeviceIds.New($"anc-utf8-{operation}"));
        await thing.UpdateAsync(AncThing.WithToken(FamilyExamples.Anc.Reported, "example"));
        var version = (await thing.ReplyAsync("update/accepted", "example")).At("version").GetInt64();
        var topic = $"{thing.ShadowTopic()}/{operation}";

        // 0xC3 0x28: a two-byte sequence cut short, inside the reported state's string.
        byte[] request = [.. Encoding.UTF8.GetBytes($$"""{"clientToken":"{{Token}}","state":{"reported":{"noise_type":"caf"""), 0xC3, 0x28, .. "\"}}}"u8];
        await thing.RequestAsync(operation, request);

        var rejected = await thing.ReplyAsync($"{operation}/rejected", Token);
        Assert.Equal(415, rejected.At("code").GetInt32());
        Assert.Equal("Unsupported documented encoding; supported encoding is UTF-8", rejected.StringAt("message"));
        var announced = await watcher.WaitForAsync(m => m.StringField("topic") == topic, $"the rejection on {topic}");
        var reason = RejectionAsserts.AssertAnnounced(announced, "anc", topic, thing.Route.EntityId, "415 Unsupported documented encoding; supported encoding is UTF-8");
        RejectionAsserts.AssertListed((await Gateway.Api.GetDeviceAsync(thing.Route)).Json, topic, reason);

        await thing.UpdateAsync(AncThing.Update(new JsonObject { ["reported"] = new JsonObject { ["noise_type"] = "street" } }, "after"));
        var accepted = await thing.ReplyAsync("update/accepted", "after");
        Assert.Equal(version + 1, accepted.At("version").GetInt64());
        await thing.GetAsync("""{"clientToken":"read"}""");
        Assert.Equal("street", (await thing.ReplyAsync("get/accepted", "read")).StringAt("state.reported.noise_type"));
    }

    /// <summary>A get or delete over AWS IoT Core's 128 KiB: 413 with its clientToken, and the shadow is still there.</summary>
    [Theory]
    [InlineData("get")]
    [InlineData("delete")]
    public async Task AGetOrDeleteOver128KilobytesIsAnswered413WithItsClientToken(string operation)
    {
        await using var thing = await AncThing.ConnectAsync(Gateway.MqttPort, DeviceIds.New($"anc-large-{operation}"));
        await thing.UpdateAsync(AncThing.WithToken(FamilyExamples.Anc.Reported, "example"));
        var version = (await thing.ReplyAsync("update/accepted", "example")).At("version").GetInt64();

        await thing.RequestAsync(operation, Encoding.UTF8.GetBytes(OfBytes($$"""{"clientToken":"{{Token}}","padding":""}""", 128 * 1024 + 1)));

        var rejected = await thing.ReplyAsync($"{operation}/rejected", Token);
        Assert.Equal(413, rejected.At("code").GetInt32());
        Assert.Equal("The payload exceeds the maximum size allowed", rejected.StringAt("message"));
        await thing.GetAsync("""{"clientToken":"still"}""");
        Assert.Equal(version, (await thing.ReplyAsync("get/accepted", "still")).At("version").GetInt64());
    }

    [Fact]
    public async Task GetAndDeleteOfAShadowThatDoesNotExistAnswer404NamingItWithTheClientToken()
    {
        await using var thing = await AncThing.ConnectAsync(Gateway.MqttPort, DeviceIds.New("anc-missing"));

        await thing.GetAsync($$"""{"clientToken":"{{Token}}"}""");
        var classic = await thing.ReplyAsync("get/rejected", Token);
        await thing.DeleteAsync($$"""{"clientToken":"{{Token}}"}""", shadow: "settings");
        var named = await thing.ReplyAsync("delete/rejected", Token, shadow: "settings");

        Assert.Equal(404, classic.At("code").GetInt32());
        Assert.Equal($"No shadow exists with name: '{thing.Name}'", classic.StringAt("message"));
        Assert.Equal(404, named.At("code").GetInt32());
        Assert.Equal("No shadow exists with name: 'settings'", named.StringAt("message"));
    }

    private static string Request(string kind, long version) => kind switch
    {
        "stale-version" => AncThing.Update(new JsonObject { ["reported"] = new JsonObject { ["anc_intensity"] = 0.5 } }, Token, version - 1),
        "not-json" => "anc_intensity=0.5",
        "json-that-breaks-off-after-its-client-token" => $$"""{"clientToken":"{{Token}}","state":{"reported":{"anc_intensity":""",
        "no-state" => $$"""{"clientToken":"{{Token}}"}""",
        "state-not-an-object" => $$"""{"clientToken":"{{Token}}","state":"on"}""",
        "unknown-state-node" => AncThing.Update(new JsonObject { ["wanted"] = new JsonObject { ["anc_intensity"] = 0.5 } }, Token),
        "reported-not-an-object" => AncThing.Update(new JsonObject { ["reported"] = 0.5 }, Token),
        "version-not-a-number" => $$$"""{"clientToken":"{{{Token}}}","state":{"reported":{"anc_intensity":0.5}},"version":"{{{version}}}"}""",
        "client-token-of-65-bytes" => AncThing.Update(new JsonObject { ["reported"] = new JsonObject { ["anc_intensity"] = 0.5 } }, new string('t', 65)),
        "desired-nested-7-levels" => AncThing.Update(new JsonObject { ["desired"] = Nested(7) }, Token),
        "desired-and-reported-over-8-KB" => OverEightKilobytesTogether(),
        "request-of-128-KiB-and-1-byte" => OfBytes(AncThing.Update(new JsonObject { ["reported"] = new JsonObject { ["notes"] = "" } }, Token), 128 * 1024 + 1),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>A request whose first empty string is padded to make it <paramref name="bytes"/> long; its clientToken comes after the padding.</summary>
    private static string OfBytes(string request, int bytes)
    {
        var at = request.IndexOf("\"\"", StringComparison.Ordinal) + 1;
        var padded = request[..at] + new string('n', bytes - Encoding.UTF8.GetByteCount(request)) + request[at..];
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(padded));
        return padded;
    }

    /// <summary>An object <paramref name="levels"/> levels deep as AWS counts them, one per object: {"l1":{"l2":...{"lN":1}}}.</summary>
    private static JsonObject Nested(int levels)
    {
        JsonNode inner = 1;
        for (var level = levels; level >= 1; level--)
            inner = new JsonObject { [$"l{level}"] = inner };
        return (JsonObject)inner;
    }

    /// <summary>
    /// A desired state that is under 8 KB on its own, and so is the message, but that with the
    /// document's reported state already there passes AWS's 8 KB limit for desired plus reported.
    /// </summary>
    private static string OverEightKilobytesTogether()
    {
        const int limit = 8192;
        var desired = new JsonObject { ["notes"] = new string('n', 8050) };
        var request = AncThing.Update(new JsonObject { ["desired"] = desired.DeepClone() }, Token);
        var together = desired.ToJsonString().Length + AncThing.ExampleSection(FamilyExamples.Anc.Reported, "reported").GetRawText().Length;
        Assert.True(Encoding.UTF8.GetByteCount(request) < limit && together > limit,
            $"this case needs a request under {limit} bytes ({Encoding.UTF8.GetByteCount(request)}) whose desired plus reported state is over it ({together})");
        return request;
    }
}
