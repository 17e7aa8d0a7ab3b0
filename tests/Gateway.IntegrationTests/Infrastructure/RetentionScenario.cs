using System.Net;
using System.Text.Json;
using Xunit;
using static Gateway.IntegrationTests.Infrastructure.HistoryScenario;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// Retention on a real gateway (transcript and telemetry 20 s, events forever, a sweep every
/// second), the same on SQLite and PostgreSQL: a drone's old transcript lines and reports leave
/// its history, its view and the journal table, its events and its pending command stay, and a
/// restart recovers the same device from what is left, with sequence numbers going on from the
/// highest ever written.
/// </summary>
public static class RetentionScenario
{
    // Long enough that the rows kept (published one period after the first) stay for the sweeps to be waited for on a busy machine.
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(20);

    /// <summary>The gateway's configuration for the scenario: <see cref="Period"/> for transcript and telemetry, events forever.</summary>
    public static readonly string Config = $$"""
        gateway.families.drone.retention { transcript = {{(int)Period.TotalSeconds}}s, telemetry = {{(int)Period.TotalSeconds}}s, events = forever }
        gateway.retention.sweep-interval = 1s
        """;

    public static async Task RunAsync(GatewayProcess gateway, JournalRows journal)
    {
        var id = DroneIds.New("retention");
        var basePath = $"api/devices/drone/{id}";
        var started = DateTimeOffset.UtcNow;
        string commandId;
        await using (var drone = await MqttTestClient.ConnectAsync(gateway.MqttPort))
        {
            await PublishPhaseAsync(gateway, drone, id, "a", 2);
            // A command the drone never acknowledges: pending across the deletes and the restart.
            var posted = await gateway.Api.PostCommandAsync(id, """{"command":"RETURN_TO_BASE","mission_id":"M-1","expected_ack_timeout":600000}""");
            Assert.True(posted.StatusCode == HttpStatusCode.Accepted, posted.ToString());
            commandId = posted.Json.StringAt("command_id")!;
            var old = await journal.OfAsync($"drone/{id}");
            Assert.Contains(old, r => r.Manifest == "tr");
            Assert.Contains(old, r => r.Manifest == "rm");

            // Past the period of phase a, then a fresh phase whose rows are kept.
            var wait = started + Period + TimeSpan.FromSeconds(1) - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait);
            await PublishPhaseAsync(gateway, drone, id, "b", 1);
        }

        // The sweeps delete phase a's lines and reports (and the device prunes its view), long before phase b's expire.
        var rows = await Eventually.Until(() => journal.OfAsync($"drone/{id}"),
            r => r.Count(x => x.Manifest == "tr") == 1 && r.Count(x => x.Manifest == "rm") == 1,
            $"{id}'s expired transcript lines and reports to be deleted from the journal table", gateway, TimeSpan.FromSeconds(12));
        var transcript = await GetAsync(gateway, $"{basePath}/transcript");
        var telemetry = await GetAsync(gateway, $"{basePath}/telemetry");
        var events = await GetAsync(gateway, $"{basePath}/events");
        var before = await Eventually.Until(() => GetAsync(gateway, basePath),
            v => v.At("recent_transcript").GetArrayLength() == 1, $"{id}'s view to drop its expired lines", gateway, TimeSpan.FromSeconds(8));

        Assert.Equal(["b line 1"], Lines(transcript.At("items").EnumerateArray()));
        Assert.Equal([41], Batteries(telemetry.At("items").EnumerateArray()));
        Assert.Equal(["a1", "a2", "b1"], Phases(events.At("items").EnumerateArray()));
        Assert.Equal(3, rows.Count(r => r.Manifest == "de"));
        Assert.Equal(1, rows.Count(r => r.Manifest == "ca"));
        Assert.Equal("b line 1", before.At("recent_transcript")[0].StringAt("text"));
        Assert.Equal(3, before.At("recent_events").GetArrayLength());
        var highest = rows.Max(r => r.SequenceNr);
        // The device drops a line from its view once the line's period has passed, when it recovers and on each tick.
        var bLineExpires = transcript.At("items")[0].At("at").GetDateTimeOffset() + Period;

        var restarting = DateTimeOffset.UtcNow;
        await gateway.RestartAsync();

        var after = await GetAsync(gateway, basePath);
        var answered = DateTimeOffset.UtcNow;
        foreach (var path in new[] { "shadow.reported", "shadow.desired", "shadow.version", "shadow.metadata", "recent_events", "last_seen" })
            Assert.True(JsonElement.DeepEquals(before.At(path), after.At(path)), $"{path} changed across the restart: {before.At(path)} -> {after.At(path)}");
        Assert.Equal([commandId], after.At("pending_commands").EnumerateArray().Select(c => c.StringAt("command_id")));
        // Phase a's lines never come back. Phase b's line is there exactly while its period lasts: the
        // new process recovered and answered before it ended, or recovered after it ended; a restart
        // across its end may show it until the device's next tick.
        string[] kept = [.. after.At("recent_transcript").EnumerateArray().Select(line => line.StringAt("text")!)];
        if (answered < bLineExpires)
            Assert.Equal(["b line 1"], kept);
        else if (restarting > bLineExpires)
            Assert.Empty(kept);
        else
        {
            Assert.True(kept is [] or ["b line 1"], $"after the restart the view has {string.Join(", ", kept)}");
            await Eventually.Until(() => GetAsync(gateway, basePath), v => v.At("recent_transcript").GetArrayLength() == 0,
                $"{id}'s view to drop phase b's line once its period ended", gateway);
        }

        // The next entry takes the next sequence number: the highest row was never deleted.
        await Mosquitto.PublishAsync(gateway.MqttPort, $"/drone/{id}/events", """{"event":"AED_DEPLOYED","phase":"c","n":1}""");
        var later = await Eventually.Until(() => journal.OfAsync($"drone/{id}"), r => r.Max(x => x.SequenceNr) > highest, $"{id}'s next event in the journal", gateway);
        Assert.Equal(later.Count, later.Select(r => r.SequenceNr).Distinct().Count());
        Assert.Equal(["a1", "a2", "b1", "c1"], Phases((await GetAsync(gateway, $"{basePath}/events")).At("items").EnumerateArray()));
    }
}
