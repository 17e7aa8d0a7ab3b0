using System.Net;
using System.Text.Json;
using Xunit;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// Devices of every family, published by real MQTT clients with ids of their own (one new
/// organization for the families that have one), and what the device directory must show of them:
/// the same run on SQLite and on PostgreSQL.
/// </summary>
public sealed class DirectoryScenario
{
    private static readonly TimeSpan OfflineAfter = TimeSpan.FromSeconds(60);
    // A coalesced window, then the read journal's polls; generous for a machine shared with other suites.
    private static readonly TimeSpan DirectoryDeadline = TimeSpan.FromSeconds(60);

    private DirectoryScenario(string org)
    {
        Org = org;
        Drone = DeviceRoute.Of("drone", DeviceIds.New("dir-drone"));
        Boards = [.. new[] { "b-1", "b-2", "b-3" }.Select(b => DeviceRoute.InOrg("esp32", org, b))];
        Robot = DeviceRoute.InOrg("petal", org, "robot-1");
        Kit = DeviceRoute.Of("wardragon", DeviceIds.New("dir-kit"));
        Thing = DeviceRoute.Of("anc", DeviceIds.New("dir-thing"));
    }

    public string Org { get; }
    public DeviceRoute Drone { get; }
    public IReadOnlyList<DeviceRoute> Boards { get; }
    public DeviceRoute Robot { get; }
    public DeviceRoute Kit { get; }
    public DeviceRoute Thing { get; }
    public IReadOnlyList<DeviceRoute> All => [Drone, .. Boards, Robot, Kit, Thing];

    /// <summary>Publishes one message (two for the kit: its tracks, then its health) from each device, and waits until every view shows it.</summary>
    public static Task<DirectoryScenario> PublishAsync(GatewayProcess gateway) => PublishAsync(gateway, gateway.MqttPort, awsShadow: true);

    /// <summary>
    /// As <see cref="PublishAsync(GatewayProcess)"/>, through the broker on <paramref name="mqttPort"/>;
    /// the ANC thing also reports through its AWS shadow when <paramref name="awsShadow"/>. A cluster's
    /// mosquitto (2.0.11) hands no <c>$aws/...</c> message to the nodes' shared subscriptions, so there
    /// the thing speaks on its platform topic only.
    /// </summary>
    public static async Task<DirectoryScenario> PublishAsync(GatewayProcess gateway, int mqttPort, bool awsShadow)
    {
        var scenario = new DirectoryScenario(DeviceIds.New("dir-org"));
        await using (var device = await MqttTestClient.ConnectAsync(mqttPort))
        {
            await device.PublishAsync($"/drone/{scenario.Drone.Id}/telemetry", DroneExamples.TelemetryOf(scenario.Drone.Id));
            foreach (var board in scenario.Boards)
                await device.PublishAsync($"devices/{board.Org}/{board.Id}/telemetry", Fixtures.With(FamilyExamples.Esp32.Telemetry, t =>
                {
                    t["device_id"] = board.Id;
                    t["organization_id"] = board.Org;
                }));
            await device.PublishAsync($"org/{scenario.Org}/device/{scenario.Robot.Id}/telemetry", Fixtures.Text(FamilyExamples.Petal.Telemetry));
            await device.PublishAsync("wardragon/drones", Fixtures.With(FamilyExamples.WarDragon.Drone, d => d["seen_by"] = scenario.Kit.Id));
            await device.PublishAsync("wardragon/system", $$"""{"kit_id":"{{scenario.Kit.Id}}","cpu_usage":12.5}""");
            await device.PublishAsync($"anc/devices/{scenario.Thing.Id}/status", """{"status":"online"}""");
            if (awsShadow)
                await device.PublishAsync($"$aws/things/{scenario.Thing.Id}/shadow/update", Fixtures.Text(FamilyExamples.Anc.Reported));
        }
        foreach (var route in scenario.All)
            await gateway.WaitForDeviceAsync(route, v => v.Find("last_seen") is { ValueKind: JsonValueKind.String }, "heard from");
        await gateway.WaitForDeviceAsync(scenario.Kit, v => v.Find("shadow.reported.cpu_usage") is not null, "its health");
        if (awsShadow)
            await gateway.WaitForDeviceAsync(scenario.Thing, v => v.Find("extension.aws_shadows") is not null && v.GetRawText().Contains("anc_intensity"), "its shadow report");
        return scenario;
    }

    /// <summary>
    /// Waits until the directory lists every device of the scenario as its view shows it: kind, org,
    /// id, and last_seen to the tick (the journal has it once the telemetry window is written); the
    /// kit with its source and last data (its health message); online exactly when last seen within
    /// <c>gateway.devices.offline-after</c> (60 s) of the request. Returns the entries without
    /// <c>online</c>, which may change with the time a run takes.
    /// </summary>
    public async Task<IReadOnlyDictionary<DeviceRoute, string>> ListedAsViewedAsync(GatewayProcess gateway)
    {
        var entries = new Dictionary<DeviceRoute, string>();
        foreach (var route in All)
        {
            var view = await gateway.WaitForDeviceAsync(route, v => v.Find("last_seen") is { ValueKind: JsonValueKind.String }, "its view, last seen");
            var lastSeen = view.StringAt("last_seen");
            var query = route.Org is null ? $"?kind={route.Kind}&page_size=500" : $"?kind={route.Kind}&org={route.Org}";
            await gateway.WaitForDirectoryAsync(query, p => p.Entry(route) is { } e && e.StringAt("last_seen") == lastSeen,
                $"{route} listed, last seen {lastSeen} as its view says", DirectoryDeadline);

            var asked = DateTimeOffset.UtcNow;
            var entry = (await gateway.Api.GetDirectoryAsync(query)).Json.Entry(route)!.Value;
            var answered = DateTimeOffset.UtcNow;
            Assert.Equal(lastSeen, entry.StringAt("last_seen"));
            var seen = DateTimeOffset.Parse(lastSeen!, System.Globalization.CultureInfo.InvariantCulture);
            var online = entry.GetProperty("online").GetBoolean();
            if (answered - seen < OfflineAfter)
                Assert.True(online, $"{route} listed offline {answered - seen} after it was last seen: {entry}");
            else if (asked - seen >= OfflineAfter)
                Assert.False(online, $"{route} listed online {asked - seen} after it was last seen: {entry}");
            Assert.Equal(route == Kit, entry.TryGetProperty("kit", out _));
            entries[route] = DirectoryListing.EntryWithoutOnline(entry);
        }
        var kit = JsonDocument.Parse(entries[Kit]).RootElement;
        Assert.Equal("mqtt", kit.StringAt("kit.source"));
        Assert.Equal("system", kit.StringAt("kit.last_data.channel"));
        Assert.Equal(12.5, kit.At("kit.last_data.data.cpu_usage").GetDouble());
        Assert.Equal(kit.StringAt("last_seen"), kit.StringAt("kit.last_data.at"));
        return entries;
    }

    /// <summary>A kind filter, the organization's pages in (kind, org, id) order, the org-scoped form, a filter on online, and a refused page.</summary>
    public async Task FiltersAndPagesAsync(GatewayProcess gateway)
    {
        var drones = (await gateway.Api.GetDirectoryAsync("?kind=drone&page_size=500")).Json;
        Assert.All(drones.Devices(), d => Assert.Equal("drone", d.StringAt("kind")));
        Assert.NotNull(drones.Entry(Drone));

        var first = (await gateway.Api.GetDirectoryAsync($"?kind=esp32&org={Org}&page_size=2")).Json;
        var second = (await gateway.Api.GetDirectoryAsync($"?kind=esp32&org={Org}&page_size=2&page=2")).Json;
        Assert.Equal(["b-1", "b-2"], first.Devices().Select(d => d.StringAt("id")));
        Assert.Equal(["b-3"], second.Devices().Select(d => d.StringAt("id")));
        Assert.All([first, second], p => Assert.Equal((3, 2, 2), (p.GetProperty("total").GetInt32(), p.GetProperty("pages").GetInt32(), p.GetProperty("page_size").GetInt32())));
        var scoped = (await gateway.Api.GetDirectoryAsync("?kind=esp32&page_size=2&page=2", Org)).Json;
        Assert.Equal(DirectoryListing.WithoutOnline(second), DirectoryListing.WithoutOnline(scoped));

        var organization = (await gateway.Api.GetDirectoryAsync("", Org)).Json;
        Assert.Equal(["esp32/b-1", "esp32/b-2", "esp32/b-3", "petal/robot-1"], organization.Devices().Select(d => $"{d.StringAt("kind")}/{d.StringAt("id")}"));
        // Whichever of them are online by now (a slow run passes their window), the two filters split them.
        var online = (await gateway.Api.GetDirectoryAsync($"?org={Org}&online=true")).Json;
        var offline = (await gateway.Api.GetDirectoryAsync($"?org={Org}&online=false")).Json;
        Assert.All(online.Devices(), d => Assert.True(d.GetProperty("online").GetBoolean()));
        Assert.All(offline.Devices(), d => Assert.False(d.GetProperty("online").GetBoolean()));
        Assert.Equal(4, online.GetProperty("total").GetInt32() + offline.GetProperty("total").GetInt32());

        var refused = await gateway.Api.GetDirectoryAsync("?kind=drone&page=0");
        Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, refused.ToString());
        Assert.Equal("application/problem+json", refused.MediaType);
        Assert.True(refused.Json.Find("errors.page") is not null, refused.ToString());
    }
}
