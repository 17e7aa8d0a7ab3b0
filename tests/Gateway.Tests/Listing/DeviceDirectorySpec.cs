using Akka.Configuration;
using Gateway.Contracts;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;
using Gateway.Devices.Listing;
using Gateway.Devices.Journal;
using Gateway.Protocols;
using Gateway.Protocols.FamilyState;
using Xunit;

namespace Gateway.Tests.Listing;

/// <summary>The directory's read model: what journaled entries make of it, and the pages it answers.</summary>
public sealed class DeviceDirectorySpec
{
    private static readonly DateTimeOffset At = new(2025, 12, 1, 14, 23, 45, TimeSpan.Zero);
    private static readonly TimeSpan OfflineAfter = TimeSpan.FromSeconds(60);
    private static readonly DeviceProfiles Profiles = DeviceProfiles.Create(TestConfig.Gateway);

    private static DeviceDirectory NewDirectory() => new(Profiles, OfflineAfter);

    private static string Pid(string entityId) => $"device-{entityId}";

    private static GetDirectory All(int page = 1, int pageSize = GetDirectory.DefaultPageSize) => new(null, null, null, page, pageSize);

    private static ReportedMerged Report(DateTimeOffset at) => new("telemetry", RawJson.Parse("""{"battery":84}"""), at);

    [Fact]
    public void Devices_of_every_family_are_listed_with_kind_org_and_id_from_their_persistence_id()
    {
        var directory = NewDirectory();
        Assert.True(directory.Apply(Pid("drone/Alpha-3"), Report(At)));
        Assert.True(directory.Apply(Pid("esp32/org-123/esp32-001"), Report(At)));
        Assert.True(directory.Apply(Pid("petal/acme/robot-1"), new DeviceEventRecorded("response", RawJson.EmptyObject, At)));
        Assert.True(directory.Apply(Pid("anc/anc-device-001"), new TranscriptRecorded(RawJson.EmptyObject, At)));
        Assert.True(directory.Apply(Pid("wardragon/wardragon-abc123"), new FamilyStateRecorded("drones", RawJson.Parse("""{"id":"d1"}"""), At)));

        var page = directory.Query(All(), At);

        Assert.Equal(
            [("anc", null, "anc-device-001"), ("drone", null, "Alpha-3"), ("esp32", "org-123", "esp32-001"), ("petal", "acme", "robot-1"), ("wardragon", null, "wardragon-abc123")],
            page.Devices.Select(d => (d.Kind, d.Org, d.Id)));
        Assert.All(page.Devices, d => Assert.Equal(At, d.LastSeen));
    }

    [Theory]
    [InlineData("pending-commands-registry")]
    [InlineData("gateway-device-directory")]
    [InlineData("device-toaster/t-1")]
    [InlineData("device-drone/org/Alpha-3")] // drones have no organization
    [InlineData("device-esp32/esp32-001")] // ESP32 devices have one
    [InlineData("device-drone")]
    public void What_is_not_a_device_of_a_known_family_is_left_out(string persistenceId)
    {
        var directory = NewDirectory();

        Assert.False(directory.Apply(persistenceId, Report(At)));
        Assert.False(directory.IsDevice(persistenceId));
        Assert.Equal(0, directory.Query(All(), At).Total);
    }

    [Fact]
    public void A_device_known_only_through_the_api_is_listed_never_seen_and_offline()
    {
        var directory = NewDirectory();
        directory.Apply(Pid("drone/Quiet-1"), new CommandAccepted("c1", "LAUNCH", "M-1", RawJson.EmptyObject, 5000, 3, At));
        directory.Apply(Pid("drone/Quiet-1"), new DesiredUpdated(RawJson.Parse("""{"battery":90}"""), At));

        var device = Assert.Single(directory.Query(All(), At).Devices);

        Assert.Null(device.LastSeen);
        Assert.False(device.Online);
    }

    [Fact]
    public void Last_seen_is_the_newest_heard_entry_whatever_the_order_and_however_often_each_is_applied()
    {
        object[] entries =
        [
            Report(At), new DeviceEventRecorded("LANDED", RawJson.EmptyObject, At.AddSeconds(3)), new TranscriptRecorded(RawJson.EmptyObject, At.AddSeconds(1)),
            new ReportedMerged("coalesced", RawJson.EmptyObject, At.AddSeconds(2), Version: 4, Fields: []),
            new CommandTimedOut("c1", At.AddSeconds(9)), // the gateway's own decision: the drone was not heard
        ];
        foreach (var order in new[] { new[] { 0, 1, 2, 3, 4 }, [4, 3, 2, 1, 0], [1, 1, 0, 4, 2, 3, 1] })
        {
            var directory = NewDirectory();
            foreach (var i in order)
                directory.Apply(Pid("drone/Alpha-3"), entries[i]);

            Assert.Equal(At.AddSeconds(3), Assert.Single(directory.Query(All(), At).Devices).LastSeen);
        }
    }

    [Fact]
    public void Online_is_heard_within_the_offline_window_as_the_device_view_reckons_it()
    {
        var directory = NewDirectory();
        directory.Apply(Pid("drone/Alpha-3"), Report(At));

        Assert.True(Assert.Single(directory.Query(All(), At.Add(OfflineAfter).AddTicks(-1)).Devices).Online);
        Assert.False(Assert.Single(directory.Query(All(), At.Add(OfflineAfter)).Devices).Online);
    }

    [Fact]
    public void An_anc_desired_state_from_the_api_does_not_count_as_heard_but_a_reported_update_does()
    {
        var directory = NewDirectory();
        directory.Apply(Pid("anc/anc-device-001"), new FamilyStateRecorded("shadow-update",
            RawJson.Parse("""{"shadow":null,"state":{"desired":{"anc_intensity":0.9}},"client_token":null}"""), At));
        Assert.Null(Assert.Single(directory.Query(All(), At).Devices).LastSeen);

        directory.Apply(Pid("anc/anc-device-001"), new FamilyStateRecorded("shadow-update",
            RawJson.Parse("""{"shadow":null,"state":{"reported":{"anc_intensity":0.9}},"client_token":"c1"}"""), At.AddSeconds(1)));
        Assert.Equal(At.AddSeconds(1), Assert.Single(directory.Query(All(), At).Devices).LastSeen);
    }

    [Fact]
    public void A_wardragon_kit_shows_its_source_and_newest_data_and_other_families_no_kit()
    {
        var directory = NewDirectory();
        const string kit = "wardragon/wardragon-abc123";
        directory.Apply(Pid(kit), new FamilyStateRecorded("aircraft", RawJson.Parse("""{"icao":"A12345"}"""), At.AddSeconds(2)));
        directory.Apply(Pid(kit), new FamilyStateRecorded("drones", RawJson.Parse("""{"id":"drone-12345"}"""), At)); // older, applied later
        directory.Apply(Pid("drone/Alpha-3"), Report(At));

        var page = directory.Query(All(), At);
        var listed = page.Devices.Single(d => d.Kind == "wardragon");
        Assert.Equal("mqtt", listed.Kit!.Source);
        Assert.Equal(new KitData("aircraft", At.AddSeconds(2), RawJson.Parse("""{"icao":"A12345"}""")), listed.Kit.LastData);
        Assert.Null(page.Devices.Single(d => d.Kind == "drone").Kit);

        // A coalesced system window: the fields it changed, as one object.
        directory.Apply(Pid(kit), new ReportedMerged("coalesced", RawJson.EmptyObject, At.AddSeconds(5), Version: 2,
            Fields: [new StoredShadowField("cpu_usage", RawJson.Parse("12.5"), At.AddSeconds(5)), new StoredShadowField("gone", RawJson.Null, At.AddSeconds(5))]));
        var system = directory.Query(All(), At).Devices.Single(d => d.Kind == "wardragon").Kit!.LastData!;
        Assert.Equal(("system", At.AddSeconds(5)), (system.Channel, system.At));
        Assert.Equal("""{"cpu_usage":12.5,"gone":null}""", system.Data.ToString());
    }

    [Fact]
    public void Pages_follow_kind_org_id_order_with_totals_and_a_page_past_the_end_is_empty()
    {
        var directory = NewDirectory();
        string[] ids = ["esp32/org-b/e-1", "drone/Zulu", "esp32/org-a/e-2", "drone/Alpha", "esp32/org-a/e-10", "drone/alpha"];
        foreach (var id in ids)
            directory.Apply(Pid(id), Report(At));

        var first = directory.Query(All(1, 4), At);
        var second = directory.Query(All(2, 4), At);
        var past = directory.Query(All(3, 4), At);

        Assert.Equal(["drone/Alpha", "drone/Zulu", "drone/alpha", "esp32/org-a/e-10"], first.Devices.Select(EntityId));
        Assert.Equal(["esp32/org-a/e-2", "esp32/org-b/e-1"], second.Devices.Select(EntityId));
        Assert.Empty(past.Devices);
        Assert.All([first, second, past], p => Assert.Equal((6, 2, 4), (p.Total, p.Pages, p.PageSize)));
        Assert.Equal([1, 2, 3], new[] { first, second, past }.Select(p => p.Page));
    }

    [Fact]
    public void Filters_combine()
    {
        var directory = NewDirectory();
        directory.Apply(Pid("esp32/org-a/quiet"), Report(At.AddMinutes(-5)));
        directory.Apply(Pid("esp32/org-a/busy"), Report(At));
        directory.Apply(Pid("esp32/org-b/busy"), Report(At));
        directory.Apply(Pid("petal/org-a/busy"), Report(At));
        directory.Apply(Pid("drone/busy"), Report(At));

        Assert.Equal(["esp32/org-a/busy", "esp32/org-a/quiet", "esp32/org-b/busy"], directory.Query(new GetDirectory("esp32", null, null, 1, 50), At).Devices.Select(EntityId));
        Assert.Equal(["esp32/org-a/quiet"], directory.Query(new GetDirectory("esp32", null, false, 1, 50), At).Devices.Select(EntityId));
        Assert.Equal(["esp32/org-a/busy", "petal/org-a/busy"], directory.Query(new GetDirectory(null, "org-a", true, 1, 50), At).Devices.Select(EntityId));
        Assert.Equal(["esp32/org-a/quiet"], directory.Query(new GetDirectory("esp32", "org-a", false, 1, 50), At).Devices.Select(EntityId));
        Assert.Equal(0, directory.Query(new GetDirectory("drone", "org-a", null, 1, 50), At).Total);
    }

    [Fact]
    public void A_snapshot_restores_the_same_directory()
    {
        var directory = NewDirectory();
        directory.Apply(Pid("drone/Alpha-3"), Report(At));
        directory.Apply(Pid("esp32/org-123/esp32-001"), new CommandAccepted("c1", "set_pump", null, RawJson.EmptyObject, 30000, 1, At));
        directory.Apply(Pid("wardragon/wardragon-abc123"), new FamilyStateRecorded("signals", RawJson.Parse("""{"freq_mhz":5800}"""), At));

        var restored = NewDirectory();
        restored.Restore(directory.ToRows());

        Assert.Equal(Json(directory.Query(All(), At)), Json(restored.Query(All(), At)));
    }

    private static string EntityId(DirectoryDevice device) => new DeviceKey(device.Kind, device.Org, device.Id).EntityId;

    private static string Json(DirectoryPage page) => System.Text.Json.JsonSerializer.Serialize(page, GatewayJsonContext.Default.DirectoryPage);
}
