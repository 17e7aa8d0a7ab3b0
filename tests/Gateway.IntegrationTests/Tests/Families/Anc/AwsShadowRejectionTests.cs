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
        // case, AWS error code, what the message says, whether the reply can echo the clientToken
        { "stale-version", 409, "Version conflict", true },
        { "not-json", 400, "Invalid JSON", false },
        { "no-state", 400, "Missing required node: state", true },
        { "client-token-of-65-bytes", 400, "clientToken", false },
        { "desired-nested-7-levels", 400, "nesting", true },
        { "desired-and-reported-over-8-KB", 413, "exceeds the maximum size", true },
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
        Assert.Contains(message, rejected.StringAt("message"));
        Assert.Equal(JsonValueKind.Number, rejected.At("timestamp").ValueKind);
        if (echoesToken)
            Assert.Equal(Token, rejected.StringAt("clientToken"));
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

    private static string Request(string kind, long version) => kind switch
    {
        "stale-version" => AncThing.Update(new JsonObject { ["reported"] = new JsonObject { ["anc_intensity"] = 0.5 } }, Token, version - 1),
        "not-json" => "anc_intensity=0.5",
        "no-state" => $$"""{"clientToken":"{{Token}}"}""",
        "client-token-of-65-bytes" => AncThing.Update(new JsonObject { ["reported"] = new JsonObject { ["anc_intensity"] = 0.5 } }, new string('t', 65)),
        "desired-nested-7-levels" => AncThing.Update(new JsonObject { ["desired"] = Nested(7) }, Token),
        "desired-and-reported-over-8-KB" => OverEightKilobytesTogether(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

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
