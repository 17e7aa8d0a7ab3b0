using System.Net;
using Gateway.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using MQTTnet.Protocol;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// skyrescue-drones.md keeps a LAUNCH retained for 24 hours so that a drone connecting later still
/// finds it. The embedded broker keeps retained messages in memory only, so after a crash the
/// gateway retains a command still waiting for its acknowledgement again as soon as it is back,
/// not at its next attempt.
/// </summary>
public sealed class RetainedCommandRestartTests
{
    [Fact]
    public async Task ACommandStillWaitingIsRetainedAgainRightAfterACrash()
    {
        await using var gateway = await GatewayProcess.StartAsync("retained-restart");
        var drone = DroneIds.New("retained");
        var commandTopic = $"/drone/{drone}/command";
        string commandId;
        await using (var device = await MqttTestClient.ConnectAsync(gateway.MqttPort))
        {
            await device.SubscribeAsync(commandTopic);
            // Its next attempt is ten minutes away: whatever is retained after the restart is not a retry.
            var posted = await gateway.Api.PostCommandAsync(drone, DroneExamples.LaunchWithAckTimeout(600_000));
            Assert.True(posted.StatusCode == HttpStatusCode.Accepted, posted.ToString());
            commandId = posted.Json.StringAt("command_id")!;
            await device.WaitForAsync(m => m.StringField("command_id") == commandId, "the LAUNCH on the drone's command topic");
        }

        // The registry that wakes devices with commands in flight after a restart hears of this one
        // just after its 202, in a write of its own; the crash comes once that write is there.
        await Eventually.Until(() => RegistryWritesAsync(gateway), n => n > 0, "the pending-commands registry to journal the drone", gateway);
        await gateway.KillAsync();
        await gateway.StartAgainAsync();

        var retained = await Eventually.Until(async () =>
        {
            await using var probe = await MqttTestClient.ConnectAsync(gateway.MqttPort);
            return await probe.SubscribeForRetainedAsync(commandTopic);
        }, found => found.Count > 0, "the LAUNCH retained again after the restart", gateway, TimeSpan.FromSeconds(30));
        var launch = Assert.Single(retained);
        Assert.Equal(commandId, launch.StringField("command_id"));
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, launch.QualityOfService);
        Assert.InRange(launch.MessageExpiryInterval, 1u, 24u * 3600u);
        var command = await gateway.Api.GetCommandAsync(drone, commandId);
        Assert.Equal("sent", command.Json.StringAt("status"));
        Assert.Equal(1, command.Json.At("attempts").GetArrayLength());
    }

    private static async Task<long> RegistryWritesAsync(GatewayProcess gateway)
    {
        await using var journal = new SqliteConnection($"Data Source={Path.Combine(gateway.DataDir, "journal.db")};Mode=ReadOnly;Pooling=False");
        await journal.OpenAsync();
        await using var count = journal.CreateCommand();
        count.CommandText = "SELECT count(*) FROM journal WHERE persistence_id = 'pending-commands-registry'";
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
