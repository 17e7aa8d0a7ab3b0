using System.Net;
using System.Text.Json;
using Xunit;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// What the history and retention tests do on either journal: a real MQTT drone publishes events,
/// transcript lines and telemetry in phases whose boundaries the test notes, and the HTTP API's
/// history is read by window and by page.
/// </summary>
public static class HistoryScenario
{
    /// <summary>
    /// One phase: <paramref name="count"/> events, transcript lines and reports, each QoS 1 and
    /// answered before the next; each report is in the drone's telemetry history before the next is
    /// sent, so that each is a coalesced window of its own in the journal however late the window's
    /// flush runs.
    /// </summary>
    public static async Task PublishPhaseAsync(GatewayProcess gateway, MqttTestClient drone, string id, string phase, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await drone.PublishAsync($"/drone/{id}/events", $$"""{"event":"AED_DEPLOYED","phase":"{{phase}}","n":{{i}}}""");
            await drone.PublishAsync($"/drone/{id}/voice/transcript", $$"""{"text":"{{phase}} line {{i}}","speaker":"DRONE"}""");
            var battery = Battery(phase, i);
            await drone.PublishAsync($"/drone/{id}/telemetry", DroneExamples.TelemetryOf(id, t => t["battery"] = battery));
            await Eventually.Until(() => gateway.Api.GetAsync($"api/devices/drone/{id}/telemetry?limit=1000"),
                r => r.StatusCode == HttpStatusCode.OK && Batteries(r.Json.At("items").EnumerateArray()).Contains(battery),
                $"{id}'s report with battery {battery} in its telemetry history", gateway);
        }
    }

    /// <summary>
    /// A drone publishes phase a (<paramref name="outside"/> of each), b (<paramref name="inside"/>)
    /// and c (<paramref name="outside"/>); the answer is the window that holds b alone.
    /// </summary>
    public static async Task<HistoryWindow> PublishAroundWindowAsync(GatewayProcess gateway, string id, int outside, int inside)
    {
        await using var drone = await MqttTestClient.ConnectAsync(gateway.MqttPort);
        await PublishPhaseAsync(gateway, drone, id, "a", outside);
        var since = await BoundaryAsync();
        await PublishPhaseAsync(gateway, drone, id, "b", inside);
        var until = await BoundaryAsync();
        await PublishPhaseAsync(gateway, drone, id, "c", outside);
        return new HistoryWindow(since, until);
    }

    public static int Battery(string phase, int i) => phase switch { "a" => 10, "b" => 40, _ => 70 } + i;

    /// <summary>A boundary between phases: strictly after everything published so far was received, strictly before what follows.</summary>
    public static async Task<DateTimeOffset> BoundaryAsync()
    {
        await Task.Delay(200);
        var at = DateTimeOffset.UtcNow;
        await Task.Delay(200);
        return at;
    }

    public static string Iso(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O"));

    public static async Task<JsonElement> GetAsync(GatewayProcess gateway, string path)
    {
        var response = await gateway.Api.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response}\n{gateway.LogTail()}");
        return response.Json;
    }

    /// <summary>Every item of a window, page by page through next_cursor; the pages' sizes are checked against the limit.</summary>
    public static async Task<List<JsonElement>> AllPagesAsync(GatewayProcess gateway, string path, int limit)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var separator = path.Contains('?') ? '&' : '?';
            var page = await GetAsync(gateway, $"{path}{separator}limit={limit}{(cursor is null ? "" : $"&cursor={cursor}")}");
            Assert.True(page.At("items").GetArrayLength() <= limit, page.ToString());
            items.AddRange(page.At("items").EnumerateArray().Select(i => i.Clone()));
            cursor = page.StringAt("next_cursor");
            if (cursor is null)
                return items;
        }
        Assert.Fail($"{path} did not end after 100 pages");
        return items;
    }

    public static IEnumerable<string> Phases(IEnumerable<JsonElement> events) => events.Select(e => $"{e.StringAt("payload.phase")}{e.At("payload.n").GetInt32()}");

    public static IEnumerable<string> Lines(IEnumerable<JsonElement> transcript) => transcript.Select(e => e.StringAt("payload.text")!);

    /// <summary>Each telemetry item's battery field as journaled (a coalesced window's fields, with their times).</summary>
    public static IEnumerable<int> Batteries(IEnumerable<JsonElement> telemetry) =>
        telemetry.SelectMany(t => t.At("fields").EnumerateArray().Where(f => f.StringAt("name") == "battery").Select(f => f.At("value").GetInt32()));
}

/// <summary>A time window of a device's history; <see cref="Query"/> asks for it.</summary>
public sealed record HistoryWindow(DateTimeOffset Since, DateTimeOffset Until)
{
    public string Query => $"since={HistoryScenario.Iso(Since)}&until={HistoryScenario.Iso(Until)}";
}
