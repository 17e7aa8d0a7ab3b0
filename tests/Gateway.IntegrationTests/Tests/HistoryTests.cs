using System.Net;
using System.Text.Json;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;
using static Gateway.IntegrationTests.Infrastructure.HistoryScenario;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// GET .../events, .../transcript and .../telemetry on SQLite: a drone's history by time window
/// and by page, oldest first, the same after a restart; bad parameters named in a 400.
/// </summary>
[Collection(RestartCollection.Name)]
public sealed class HistoryTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task A_time_window_of_events_transcript_and_telemetry_reads_the_same_after_a_restart()
    {
        var id = DroneIds.New("history");
        var window = await PublishAroundWindowAsync(Gateway, id, outside: 2, inside: 3);
        var basePath = $"api/devices/drone/{id}";

        var events = await GetAsync(Gateway, $"{basePath}/events?{window.Query}");
        var transcript = await GetAsync(Gateway, $"{basePath}/transcript?{window.Query}");
        var telemetry = await GetAsync(Gateway, $"{basePath}/telemetry?{window.Query}");
        var allEvents = await AllPagesAsync(Gateway, $"{basePath}/events", limit: 2);

        Assert.Equal(["b1", "b2", "b3"], Phases(events.At("items").EnumerateArray()));
        Assert.Equal("oldest_first", events.StringAt("order"));
        Assert.Null(events.StringAt("next_cursor"));
        Assert.All(events.At("items").EnumerateArray(), e =>
        {
            var at = e.At("at").GetDateTimeOffset();
            Assert.True(at >= window.Since && at <= window.Until, $"{e} is outside {window}");
        });
        Assert.Equal(["b line 1", "b line 2", "b line 3"], Lines(transcript.At("items").EnumerateArray()));
        Assert.Equal([41, 42, 43], Batteries(telemetry.At("items").EnumerateArray()));
        Assert.All(telemetry.At("items").EnumerateArray(), t => Assert.True(t.At("fields").GetArrayLength() > 1, $"a report carries every field it changed: {t}"));
        Assert.Equal(["a1", "a2", "b1", "b2", "b3", "c1", "c2"], Phases(allEvents));
        Assert.Equal(allEvents.Select(e => e.At("sequence_nr").GetInt64()).Order(), allEvents.Select(e => e.At("sequence_nr").GetInt64()));

        await Gateway.RestartAsync();

        Assert.True(JsonElement.DeepEquals(events, await GetAsync(Gateway, $"{basePath}/events?{window.Query}")), "the events' window changed across the restart");
        Assert.True(JsonElement.DeepEquals(transcript, await GetAsync(Gateway, $"{basePath}/transcript?{window.Query}")), "the transcript's window changed across the restart");
        Assert.True(JsonElement.DeepEquals(telemetry, await GetAsync(Gateway, $"{basePath}/telemetry?{window.Query}")), "the telemetry's window changed across the restart");
    }

    [Fact]
    public async Task Bad_parameters_are_named_and_unknown_kinds_and_devices_are_not_found()
    {
        var id = DroneIds.New("history-bad");
        await Mosquitto.PublishAsync(Gateway.MqttPort, $"/drone/{id}/events", """{"event":"AED_DEPLOYED"}""");
        await Eventually.Until(() => Gateway.Api.GetAsync($"api/devices/drone/{id}/events"), r => r.StatusCode == HttpStatusCode.OK, $"{id}'s events", Gateway);

        var bad = await Gateway.Api.GetAsync($"api/devices/drone/{id}/events?since=yesterday&limit=5000&cursor=x");
        var reversed = await Gateway.Api.GetAsync($"api/devices/drone/{id}/transcript?since=2025-12-02T00:00:00Z&until=2025-12-01T00:00:00Z");
        var unknownKind = await Gateway.Api.GetAsync($"api/devices/boat/{id}/events");
        var unknownDevice = await Gateway.Api.GetAsync($"api/devices/drone/{DroneIds.New("never")}/telemetry");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.MediaType);
        foreach (var parameter in new[] { "since", "limit", "cursor" })
            Assert.True(bad.Json.Find($"errors.{parameter}") is not null, $"{parameter} is not named: {bad}");
        Assert.True(reversed.StatusCode == HttpStatusCode.BadRequest && reversed.Json.Find("errors.until") is not null, reversed.ToString());
        Assert.Equal(HttpStatusCode.NotFound, unknownKind.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownDevice.StatusCode);
    }
}
