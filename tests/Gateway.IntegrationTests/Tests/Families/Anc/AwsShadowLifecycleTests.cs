using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;
using static Gateway.IntegrationTests.Infrastructure.FamilyExamples;
using static Gateway.IntegrationTests.Infrastructure.Fixtures;

namespace Gateway.IntegrationTests.Tests.Families.Anc;

/// <summary>
/// The document's shadow examples on its own thing, anc-device-001, step by step as AWS IoT answers
/// them: the reported document, the desired document and the delta the document says AWS computes,
/// get, removing a key with null, delete. No other test touches this thing's classic shadow, so its
/// versions start at 1 here.
/// </summary>
[Collection(AncCollection.Name)]
public sealed class AwsShadowLifecycleTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task TheExampleDocumentsGoThroughTheShadowAsAwsIotDocumentsThem()
    {
        await using var thing = await AncThing.ConnectAsync(Gateway.MqttPort, FamilyExamples.Anc.Thing);
        var exampleReported = AncThing.ExampleSection(FamilyExamples.Anc.Reported, "reported");
        var exampleDesired = AncThing.ExampleSection(FamilyExamples.Anc.Desired, "desired");

        // 1. The reported document: accepted with per-leaf metadata, version 1; documents has no previous.
        await thing.UpdateAsync(AncThing.WithToken(FamilyExamples.Anc.Reported, "lifecycle-1"));
        var accepted = await thing.ReplyAsync("update/accepted", "lifecycle-1");
        JsonAssert.Same(exampleReported, accepted.At("state.reported"), "the accepted reported state");
        foreach (var field in exampleReported.EnumerateObject())
            Assert.Equal(JsonValueKind.Number, accepted.At($"metadata.reported.{field.Name}.timestamp").ValueKind);
        Assert.Equal(1, accepted.At("version").GetInt64());
        Assert.Equal(JsonValueKind.Number, accepted.At("timestamp").ValueKind);
        var documents = await thing.ReplyAsync("update/documents", "lifecycle-1");
        Assert.Equal(JsonValueKind.Null, documents.At("previous").ValueKind);
        JsonAssert.Same(exampleReported, documents.At("current.state.reported"), "the current document's reported state");
        Assert.Equal(1, documents.At("current.version").GetInt64());

        // 2. The desired document: accepted, and the delta exactly as the document's delta example.
        await thing.UpdateAsync(AncThing.WithToken(FamilyExamples.Anc.Desired, "lifecycle-2"));
        var desiredAccepted = await thing.ReplyAsync("update/accepted", "lifecycle-2");
        JsonAssert.Same(exampleDesired, desiredAccepted.At("state.desired"), "the accepted desired state");
        Assert.Equal(2, desiredAccepted.At("version").GetInt64());
        var delta = await thing.ReplyAsync("update/delta", "lifecycle-2");
        JsonAssert.Same(Object(FamilyExamples.Anc.Delta)["state"]!.ToJsonString(), delta.At("state"), "the delta");
        Assert.Equal(2, delta.At("version").GetInt64());
        Assert.Equal(JsonValueKind.Number, delta.At("metadata.anc_intensity.timestamp").ValueKind);
        var desiredDocuments = await thing.ReplyAsync("update/documents", "lifecycle-2");
        Assert.Equal(1, desiredDocuments.At("previous.version").GetInt64());
        JsonAssert.Same(exampleDesired, desiredDocuments.At("current.state.desired"), "the current document's desired state");
        JsonAssert.Same(exampleReported, desiredDocuments.At("current.state.reported"), "the current document's reported state");

        // 3. get: desired, reported, delta and version, with the clientToken echoed.
        await thing.GetAsync("""{"clientToken":"lifecycle-3"}""");
        var got = await thing.ReplyAsync("get/accepted", "lifecycle-3");
        JsonAssert.Same(exampleDesired, got.At("state.desired"), "desired in get");
        JsonAssert.Same(exampleReported, got.At("state.reported"), "reported in get");
        JsonAssert.Same("""{"anc_intensity":0.9}""", got.At("state.delta"), "delta in get");
        Assert.Equal(2, got.At("version").GetInt64());

        // 4. A null removes its key and nothing else.
        await thing.UpdateAsync(AncThing.Update(new JsonObject { ["reported"] = new JsonObject { ["uptime"] = null } }, "lifecycle-4"));
        Assert.Equal(3, (await thing.ReplyAsync("update/accepted", "lifecycle-4")).At("version").GetInt64());
        await thing.GetAsync("""{"clientToken":"lifecycle-4-get"}""");
        var withoutUptime = await thing.ReplyAsync("get/accepted", "lifecycle-4-get");
        Assert.Null(withoutUptime.Find("state.reported.uptime"));
        Assert.Null(withoutUptime.Find("metadata.reported.uptime"));
        Assert.Equal("1.2.3", withoutUptime.StringAt("state.reported.firmware_version"));

        // 5. Reporting what is desired clears the delta.
        await thing.UpdateAsync(AncThing.Update(new JsonObject { ["reported"] = new JsonObject { ["anc_intensity"] = 0.9 } }, "lifecycle-5"));
        await thing.ReplyAsync("update/accepted", "lifecycle-5");
        await thing.GetAsync("""{"clientToken":"lifecycle-5-get"}""");
        var inSync = await thing.ReplyAsync("get/accepted", "lifecycle-5-get");
        Assert.Null(inSync.Find("state.delta"));
        Assert.Equal(4, inSync.At("version").GetInt64());

        // 6. delete, after which get finds no shadow.
        await thing.DeleteAsync("""{"clientToken":"lifecycle-6"}""");
        var deleted = await thing.ReplyAsync("delete/accepted", "lifecycle-6");
        Assert.Equal(4, deleted.At("version").GetInt64());
        await thing.GetAsync("""{"clientToken":"lifecycle-7"}""");
        var missing = await thing.ReplyAsync("get/rejected", "lifecycle-7");
        Assert.Equal(404, missing.At("code").GetInt32());
        Assert.Contains("No shadow exists", missing.StringAt("message"));
        var view = await Gateway.WaitForDeviceAsync(thing.Route, v => v.Find("extension.aws_shadows.classic")?.ValueKind == JsonValueKind.Null, "the deleted classic shadow");
        Assert.Equal("anc", view.StringAt("kind"));
    }
}
