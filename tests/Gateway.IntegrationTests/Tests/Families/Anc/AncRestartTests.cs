using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Tests.Families.Anc;

/// <summary>
/// AWS shadows are journaled before they are accepted, so a gateway stopped with SIGTERM and
/// started again answers with the same state and version, and versions carry on from there.
/// Restarts this collection's gateway; the other tests of the collection never run meanwhile.
/// </summary>
[Collection(AncCollection.Name)]
public sealed class AncRestartTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task ClassicAndNamedShadowsSurviveARestart()
    {
        var name = DeviceIds.New("anc-restart");
        var route = DeviceRoute.Of(AncThing.Kind, name);
        await using (var thing = await AncThing.ConnectAsync(Gateway.MqttPort, name))
        {
            await thing.UpdateAsync(AncThing.WithToken(FamilyExamples.Anc.Reported, "reported"));
            await thing.ReplyAsync("update/accepted", "reported");
            await thing.UpdateAsync(AncThing.WithToken(FamilyExamples.Anc.Desired, "desired"));
            await thing.ReplyAsync("update/accepted", "desired");
            await thing.UpdateAsync("""{"state":{"reported":{"sync_interval":60}},"clientToken":"named"}""", shadow: "config");
            await thing.ReplyAsync("update/accepted", "named", shadow: "config");
        }
        var before = (await Gateway.Api.GetDeviceAsync(route)).Json.At("extension.aws_shadows");

        await Gateway.RestartAsync();

        var after = await Gateway.WaitForDeviceAsync(route, _ => true, "the thing after the restart");
        JsonAssert.Same(before, after.At("extension.aws_shadows"), "the AWS shadows across the restart");
        await using (var thing = await AncThing.ConnectAsync(Gateway.MqttPort, name))
        {
            await thing.GetAsync("""{"clientToken":"get"}""");
            var got = await thing.ReplyAsync("get/accepted", "get");
            Assert.Equal(2, got.At("version").GetInt64());
            JsonAssert.Same("""{"anc_intensity":0.9}""", got.At("state.delta"), "the delta after the restart");

            await thing.UpdateAsync("""{"state":{"reported":{"anc_intensity":0.9}},"clientToken":"next"}""");
            Assert.Equal(3, (await thing.ReplyAsync("update/accepted", "next")).At("version").GetInt64());
        }
    }
}
