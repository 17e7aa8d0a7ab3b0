using System.Net;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Tests.Families.Anc;

/// <summary>
/// The cloud asks an ANC thing for a change the AWS way: desired state put through the API is an
/// update of the classic shadow, and the thing hears the difference on update/delta. A thing of
/// its own, so the lifecycle test keeps anc-device-001's versions to itself.
/// </summary>
[Collection(AncCollection.Name)]
public sealed class AncDesiredStateTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task DesiredStateFromTheApiReachesTheThingAsAShadowDelta()
    {
        await using var thing = await AncThing.ConnectAsync(Gateway.MqttPort, DeviceIds.New("anc-desired"));
        await thing.UpdateAsync(AncThing.WithToken(FamilyExamples.Anc.Reported, "reported"));
        await thing.ReplyAsync("update/accepted", "reported");

        var put = await Gateway.Api.PutDesiredAsync(thing.Route, """{"anc_intensity":0.5}""");

        Assert.True(put.StatusCode == HttpStatusCode.OK, put.ToString());
        JsonAssert.Same("""{"anc_intensity":0.5}""", put.Json.At("desired"), "the desired state answered");
        JsonAssert.Same("""{"anc_intensity":0.5}""", put.Json.At("delta"), "the delta answered");
        Assert.Equal(2, put.Json.At("version").GetInt64());
        var delta = await thing.ReplyAsync("update/delta", clientToken: null);
        JsonAssert.Same("""{"anc_intensity":0.5}""", delta.At("state"), "the delta the thing heard");
        Assert.Equal(2, delta.At("version").GetInt64());
    }

    [Fact]
    public async Task DesiredStateAwsWouldRefuseIsRefusedWith400()
    {
        var thing = DeviceRoute.Of(AncThing.Kind, DeviceIds.New("anc-desired-deep"));

        var put = await Gateway.Api.PutDesiredAsync(thing, """{"l1":{"l2":{"l3":{"l4":{"l5":{"l6":{"l7":1}}}}}}}""");

        Assert.True(put.StatusCode == HttpStatusCode.BadRequest, put.ToString());
        Assert.Contains("nesting", put.Body);
    }
}
