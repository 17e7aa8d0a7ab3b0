using System.Net;
using System.Text.Json.Nodes;
using Gateway.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// What the embedded broker acknowledges, the gateway has journaled: a QoS 1 device event gets its
/// PUBACK only once it is written, so a kill -9 right after the last PUBACK loses none of them;
/// and a write that cannot happen is answered as not taken (MQTT 5: PUBACK 0x80; MQTT 3.1.1: the
/// connection closes without a PUBACK, so the device sends the message again).
/// </summary>
public sealed class PubackAfterJournalTests
{
    [Fact]
    public async Task EveryAcknowledgedEventIsThereAfterAKillRightAfterTheLastPuback()
    {
        const int drones = 20, eventsEach = 10;
        await using var gateway = await GatewayProcess.StartAsync("puback-kill");
        var ids = Enumerable.Range(0, drones).Select(i => DroneIds.New($"puback{i}")).ToArray();
        // Each drone on its own connection, each event awaited to its PUBACK before the next, all drones at once.
        await Task.WhenAll(ids.Select(async drone =>
        {
            await using var device = await MqttTestClient.ConnectAsync(gateway.MqttPort);
            for (var n = 1; n <= eventsEach; n++)
                await device.PublishAsync($"/drone/{drone}/events", Event(n));
        }));
        await gateway.KillAsync();
        await gateway.StartAgainAsync();

        foreach (var drone in ids)
        {
            var view = await gateway.Api.GetDeviceAsync(drone);
            Assert.True(view.StatusCode == HttpStatusCode.OK, $"{drone} was forgotten: {view}\n{gateway.LogTail()}");
            var sequences = view.Json.At("recent_events").EnumerateArray().Select(e => e.At("payload").At("sequence").GetInt32()).Order().ToArray();
            Assert.True(sequences.SequenceEqual(Enumerable.Range(1, eventsEach)),
                $"{drone}: events {string.Join(",", sequences)} after the kill; all {eventsEach} were acknowledged\n{gateway.LogTail()}");
        }
    }

    [Fact]
    public async Task AJournalThatCannotWriteAnswersNotTakenAndNothingIsLost()
    {
        // Short, so the test does not wait long; long enough for a cold device on a busy machine.
        using var config = await ConfigFile.WriteAsync("puback", "gateway.mqtt.puback-timeout = 3s\n");
        await using var gateway = await GatewayProcess.StartAsync("puback-locked", ["--config", config.Path]);
        var drone = DroneIds.New("locked");
        var topic = $"/drone/{drone}/events";
        await using var v5 = await MqttTestClient.ConnectAsync(gateway.MqttPort);
        await using var v311 = await MqttTestClient.ConnectAsync(gateway.MqttPort, MqttProtocolVersion.V311);
        // The device's first message starts its actor: on a busy machine that may take longer than the timeout, and the device sends it again.
        await Eventually.Until(() => v5.PublishForResultAsync(topic, Event(1)), r => r.IsSuccess, "the first event to be taken", gateway);

        await using (var locker = await LockJournalAsync(gateway))
        {

            var refused = await v5.PublishForResultAsync(topic, Event(2));
            Assert.Equal(MqttClientPublishReasonCode.UnspecifiedError, refused.ReasonCode);
            Assert.Contains("not journaled within 3 s", refused.ReasonString);

            // MQTT 3.1.1's PUBACK cannot say so: the connection closes without one.
            await Assert.ThrowsAnyAsync<MqttCommunicationException>(() => v311.PublishForResultAsync(topic, Event(3)));
            Assert.False(v311.IsConnected, "the MQTT 3.1.1 client is still connected after a message that was not journaled");

        }

        // The devices send them again, as their PUBACKs told them to; now they are taken.
        await v5.PublishAsync(topic, Event(2));
        await using var again = await MqttTestClient.ConnectAsync(gateway.MqttPort, MqttProtocolVersion.V311);
        await again.PublishAsync(topic, Event(3));

        var view = await gateway.Api.GetDeviceAsync(drone);
        var sequences = view.Json.At("recent_events").EnumerateArray().Select(e => e.At("payload").At("sequence").GetInt32()).ToHashSet();
        Assert.True(sequences.SetEquals([1, 2, 3]), $"events {string.Join(",", sequences)}: each is there (a write that was only late may be there twice)\n{gateway.LogTail()}");
        Assert.Contains("Not acknowledged as taken, the device is to send it again", gateway.Logs);
    }

    [Fact]
    public async Task PastTheBacklogAQos1MessageIsRefusedAsQuotaExceededWithoutWaiting()
    {
        using var config = await ConfigFile.WriteAsync("backlog", "gateway.mqtt.max-backlog = 1\ngateway.mqtt.puback-timeout = 30s\n");
        await using var gateway = await GatewayProcess.StartAsync("puback-backlog", ["--config", config.Path]);
        var first = DroneIds.New("waiting");
        var second = DroneIds.New("refused");
        await using var waiting = await MqttTestClient.ConnectAsync(gateway.MqttPort);
        await using var refused = await MqttTestClient.ConnectAsync(gateway.MqttPort);
        await Eventually.Until(() => waiting.PublishForResultAsync($"/drone/{first}/events", Event(0)), r => r.IsSuccess, "a first event to be taken", gateway);

        Task<MqttClientPublishResult> stuck;
        await using (var locker = await LockJournalAsync(gateway))
        {
            // The one message the backlog holds, waiting for the locked journal.
            stuck = waiting.PublishForResultAsync($"/drone/{first}/events", Event(1));
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            Assert.False(stuck.IsCompleted, "the event was acknowledged while the journal was locked");

            var over = await refused.PublishForResultAsync($"/drone/{second}/events", Event(1));
            Assert.Equal(MqttClientPublishReasonCode.QuotaExceeded, over.ReasonCode);
            Assert.Contains("gateway.mqtt.max-backlog", over.ReasonString);
        }

        Assert.True((await stuck).IsSuccess, "the waiting event was not taken once the journal was free");
        await refused.PublishAsync($"/drone/{second}/events", Event(1));
        var view = await gateway.Api.GetDeviceAsync(second);
        Assert.Equal(1, view.Json.At("recent_events").GetArrayLength());
    }

    /// <summary>Another writer takes SQLite's one write lock (WAL mode: readers go on), so the journal's writes wait until it is disposed.</summary>
    private static async Task<SqliteConnection> LockJournalAsync(GatewayProcess gateway)
    {
        // Not pooled: closing it must end the transaction and free the lock, not keep both for the next user.
        var locker = new SqliteConnection($"Data Source={Path.Combine(gateway.DataDir, "journal.db")};Pooling=False");
        await locker.OpenAsync();
        await using var hold = locker.CreateCommand();
        hold.CommandText = "BEGIN IMMEDIATE;";
        await hold.ExecuteNonQueryAsync();
        return locker;
    }

    /// <summary>A drone mission event as the document spells one, numbered.</summary>
    private static string Event(int sequence) =>
        new JsonObject { ["event"] = "AED_DEPLOYED", ["mission_id"] = "M-20251201-001", ["timestamp"] = "2025-12-01T14:23:16Z", ["sequence"] = sequence }.ToJsonString();
}
