using System.Net;
using System.Text.Json;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>Mission events and voice transcripts are kept in the drone's view as the drone sent them.</summary>
[Collection(DevicesCollection.Name)]
public sealed class EventAndTranscriptTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task ExampleEventAndTranscriptAppearInTheDeviceView()
    {
        var drone = DroneIds.New("events");
        await Mosquitto.PublishFileAsync(Gateway.MqttPort, $"/drone/{drone}/events", Fixtures.PathOf(DroneExamples.AedDeployedEvent));
        await Mosquitto.PublishFileAsync(Gateway.MqttPort, $"/drone/{drone}/voice/transcript", Fixtures.PathOf(DroneExamples.VoiceTranscript));

        var view = (await Eventually.Until(() => Gateway.Api.GetDeviceAsync(drone),
            r => r.StatusCode == HttpStatusCode.OK && r.Json.At("recent_events").GetArrayLength() == 1 && r.Json.At("recent_transcript").GetArrayLength() == 1,
            $"{drone}'s view to hold the event and the transcript line", Gateway)).Json;

        var recorded = view.At("recent_events")[0];
        Assert.Equal("AED_DEPLOYED", recorded.StringAt("event"));
        Assert.True(JsonElement.DeepEquals(Example(DroneExamples.AedDeployedEvent), recorded.At("payload")), $"the event is kept as sent: {recorded}");
        Assert.True(JsonElement.DeepEquals(Example(DroneExamples.VoiceTranscript), view.At("recent_transcript")[0]), $"the transcript line is kept as sent: {view}");
    }

    private static JsonElement Example(string name)
    {
        using var document = JsonDocument.Parse(Fixtures.Text(name));
        return document.RootElement.Clone();
    }
}
