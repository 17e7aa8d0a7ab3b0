using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Gateway.Contracts;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;
using Gateway.Devices.Actors;
using Gateway.Devices.Settings;
using Gateway.Protocols;
using Gateway.Protocols.Outbound;
using Gateway.Tests.Protocols;
using Xunit;

namespace Gateway.Tests.Devices;

/// <summary>The retained state publication, written straight from the actor's state, says exactly what the API's device view says.</summary>
public sealed class StatePublicationSpec() : TestKit(TestConfig.InProcess())
{
    [Theory]
    [InlineData("drone/Alpha-3", "/drone/Alpha-3/telemetry", DroneExamples.Telemetry)]
    [InlineData("anc/anc-device-001", "anc/devices/anc-device-001/status", """{"status":"online"}""")]
    public void The_publication_equals_the_view(string entity, string topic, string payload)
    {
        var config = Sys.Settings.Config;
        var profiles = DeviceProfiles.Create(config);
        var mqtt = CreateTestProbe();
        var device = Sys.ActorOf(DeviceActor.Props(entity, TestConfig.DeviceContext(config, mqtt.Ref, CreateTestProbe().Ref, profiles)));
        var router = new Gateway.Protocols.Routing.TopicRouter(profiles);
        Assert.True(router.TryRoute(topic, out var route));
        device.Tell(new DeviceInput(entity, route.Channel, topic, DroneExamples.Utf8(payload), DateTimeOffset.UtcNow, route.Section));
        device.Tell(new SubmitCommand(entity, RawJson.Parse("""{"command":"VOICE_MUTE","mission_id":"M-1"}""")), TestActor);
        device.Tell(new DeviceInput(entity, route.Channel, topic, DroneExamples.Utf8("""{"battery":"x"}"""), DateTimeOffset.UtcNow, route.Section));
        device.Tell(new SetDesired(entity, RawJson.Parse("""{"status":"READY"}""")), TestActor);
        ReceiveN(2);

        device.Tell(new GetDeviceView(entity), TestActor);
        var view = ExpectMsg<DeviceView>();
        var published = mqtt.ReceiveWhile(TimeSpan.FromSeconds(1), m => (MqttPublish)m).Last(m => m.Topic == $"gateway/{entity}/state");
        var expected = JsonSerializer.SerializeToElement(view, GatewayJsonContext.Default.DeviceView);
        var actual = JsonDocument.Parse(published.Payload).RootElement;
        Assert.True(JsonElement.DeepEquals(expected, actual), $"view:\n{expected}\npublished:\n{actual}");
    }
}
