using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// GET /api/devices on SQLite: the read model the gateway projects from its journal's tagged
/// events lists every device as its view shows it, filters and pages, comes back after a restart,
/// takes in devices journaled before entries were tagged, and shows a device going offline.
/// </summary>
[Collection(DirectoryCollection.Name)]
public sealed class DirectoryTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task DevicesOfEveryFamilyAreListedAsTheirViewsShowThemAndFilteredAndPaged()
    {
        var scenario = await DirectoryScenario.PublishAsync(Gateway);

        await scenario.ListedAsViewedAsync(Gateway);
        await scenario.FiltersAndPagesAsync(Gateway);
    }

    [Fact]
    public async Task TheDirectoryIsRebuiltAfterARestart()
    {
        var scenario = await DirectoryScenario.PublishAsync(Gateway);
        var before = await scenario.ListedAsViewedAsync(Gateway);

        await Gateway.RestartAsync();

        var after = await scenario.ListedAsViewedAsync(Gateway);
        foreach (var route in scenario.All)
            Assert.Equal(before[route], after[route]);
    }

    [Fact]
    public async Task DevicesJournaledBeforeEntriesWereTaggedAreListedAfterTheUpgrade()
    {
        var scenario = await DirectoryScenario.PublishAsync(Gateway);
        var before = await scenario.ListedAsViewedAsync(Gateway);
        await Gateway.StopAsync();
        Assert.Equal(";drone;", await JournalTagsAsync(scenario.Drone));

        // What a journal written before this version looks like: no tags, and no directory saved.
        await ExecuteAsync(Path.Combine(Gateway.DataDir, "journal.db"), "UPDATE journal SET tags = NULL");
        await ExecuteAsync(Path.Combine(Gateway.DataDir, "snapshots.db"), "DELETE FROM snapshot WHERE persistence_id = 'gateway-device-directory'");
        await Gateway.StartAgainAsync();

        var after = await scenario.ListedAsViewedAsync(Gateway);
        foreach (var route in scenario.All)
            Assert.Equal(before[route], after[route]);
        Assert.Matches(@"Device directory: read the [1-9]\d* entries journaled before tagging", Gateway.Logs);
    }

    [Fact]
    public async Task AnOnlineDeviceIsListedOfflineOnceItsWindowHasPassed()
    {
        using var config = await ConfigFile.WriteAsync("directory-offline", "gateway.devices.offline-after = 8s\ngateway.devices.connectivity-check-interval = 500ms\n");
        await using var gateway = await GatewayProcess.StartAsync("directory-offline", ["--config", config.Path]);
        var drone = DeviceRoute.Of("drone", DeviceIds.New("dir-offline"));

        // The drone reports every second until the directory lists it online, however long that takes here.
        await using (var device = await MqttTestClient.ConnectAsync(gateway.MqttPort))
            await Eventually.Until(async () =>
            {
                await device.PublishAsync($"/drone/{drone.Id}/telemetry", DroneExamples.TelemetryOf(drone.Id));
                await Task.Delay(TimeSpan.FromSeconds(1));
                return await gateway.Api.GetDirectoryAsync("?kind=drone&online=true");
            }, r => r.StatusCode == System.Net.HttpStatusCode.OK && r.Json.Entry(drone) is not null, $"{drone} listed online", gateway, TimeSpan.FromSeconds(90));

        var view = await gateway.WaitForDeviceAsync(drone, v => !v.GetProperty("online").GetBoolean(), "offline, once it stopped reporting");
        var offline = await gateway.WaitForDirectoryAsync("?kind=drone&online=false", p => p.Entry(drone) is not null, $"{drone} listed offline");
        var entry = offline.Entry(drone)!.Value;
        Assert.False(entry.GetProperty("online").GetBoolean());
        Assert.Equal(view.StringAt("last_seen"), entry.StringAt("last_seen"));
        Assert.True(DateTimeOffset.UtcNow - DateTimeOffset.Parse(entry.StringAt("last_seen")!) >= TimeSpan.FromSeconds(8), $"offline before its window passed: {entry}");
        Assert.Empty((await gateway.Api.GetDirectoryAsync("?kind=drone&online=true")).Json.Devices());
    }

    private async Task<string?> JournalTagsAsync(DeviceRoute device)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(Gateway.DataDir, "journal.db")};Pooling=False");
        await connection.OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT tags FROM journal WHERE persistence_id = $id ORDER BY sequence_number DESC LIMIT 1";
        query.Parameters.AddWithValue("$id", $"device-{device.EntityId}");
        return await query.ExecuteScalarAsync() as string;
    }

    private static async Task ExecuteAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.True(await command.ExecuteNonQueryAsync() > 0, $"{sql} changed nothing in {file}");
    }
}
