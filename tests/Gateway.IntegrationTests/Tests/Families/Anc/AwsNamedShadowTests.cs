using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Tests.Families.Anc;

/// <summary>A named shadow ($aws/things/{thing}/shadow/name/{name}/...) has its own state and version, apart from the classic shadow.</summary>
[Collection(AncCollection.Name)]
public sealed class AwsNamedShadowTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task TheConfigShadowOfTheExampleThingIsIndependentOfItsClassicShadow()
    {
        await using var thing = await AncThing.ConnectAsync(Gateway.MqttPort, FamilyExamples.Anc.Thing);
        var classicBefore = await ClassicShadow(thing, "classic-before");
        var config = new JsonObject { ["reported"] = new JsonObject { ["sync_interval"] = 60, ["batch_size"] = 10 } };

        await thing.UpdateAsync(AncThing.Update(config, "named-1"), shadow: "config");

        var accepted = await thing.ReplyAsync("update/accepted", "named-1", shadow: "config");
        Assert.Equal(1, accepted.At("version").GetInt64());
        JsonAssert.Same("""{"sync_interval":60,"batch_size":10}""", accepted.At("state.reported"), "the named shadow's accepted state");
        await thing.GetAsync("""{"clientToken":"named-get"}""", shadow: "config");
        var named = await thing.ReplyAsync("get/accepted", "named-get", shadow: "config");
        Assert.Equal(1, named.At("version").GetInt64());
        JsonAssert.Same("""{"sync_interval":60,"batch_size":10}""", named.At("state.reported"), "the named shadow");
        // Nothing about the named shadow went to the classic shadow's reply topics.
        Assert.DoesNotContain(thing.Received, m => m.Topic.StartsWith($"{thing.ShadowTopic()}/update/", StringComparison.Ordinal) && m.StringField("clientToken") == "named-1");

        var classicAfter = await ClassicShadow(thing, "classic-after");
        JsonAssert.Same(classicBefore, classicAfter, "the classic shadow (or its absence)");
        var view = await Gateway.WaitForDeviceAsync(thing.Route, v => v.Find("extension.aws_shadows.named.config") is not null, "the named shadow in the view");
        Assert.Equal(1, view.At("extension.aws_shadows.named.config.version").GetInt64());
    }

    /// <summary>The classic shadow's state and version, or the 404 code when it does not exist; the reply's own timestamp left out.</summary>
    private static async Task<JsonElement> ClassicShadow(AncThing thing, string token)
    {
        await thing.GetAsync($$"""{"clientToken":"{{token}}"}""");
        var body = (await thing.AnswerAsync("get", token)).Json();
        var summary = new JsonObject
        {
            ["state"] = body.Find("state") is { } state ? JsonNode.Parse(state.GetRawText()) : null,
            ["version"] = body.Find("version")?.GetInt64(),
            ["code"] = body.Find("code")?.GetInt32(),
        };
        using var document = JsonDocument.Parse(summary.ToJsonString());
        return document.RootElement.Clone();
    }
}
