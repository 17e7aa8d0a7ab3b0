using Akka.Actor;
using Akka.Configuration;
using Gateway.Contracts.Json;
using Gateway.Devices.Journal;
using Gateway.Devices.History;
using Gateway.Devices.Settings;
using Gateway.Host.History;
using Xunit;

namespace Gateway.Tests.History;

/// <summary>Retention periods from HOCON, and what the sweeper deletes for them.</summary>
public sealed class RetentionSettingsSpec
{
    private static readonly DateTimeOffset Now = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Drones_keep_the_documents_periods_and_other_families_keep_everything()
    {
        var drone = RetentionSettings.For(TestConfig.Gateway, "drone");

        Assert.Equal(TimeSpan.FromDays(90), drone.Telemetry);
        Assert.Equal(TimeSpan.FromDays(7), drone.Transcript);
        Assert.Null(drone.Events);
        foreach (var kind in new[] { "esp32", "wardragon", "anc", "petal" })
            Assert.True(RetentionSettings.For(TestConfig.Gateway, kind).KeepsEverything, kind);
    }

    [Fact]
    public void A_family_overrides_one_channel_and_keeps_the_others()
    {
        var config = ConfigurationFactory.ParseString("gateway.families.drone.retention.transcript = 2s").WithFallback(TestConfig.Gateway);

        var drone = RetentionSettings.For(config, "drone");

        Assert.Equal(TimeSpan.FromSeconds(2), drone.Transcript);
        Assert.Equal(TimeSpan.FromDays(90), drone.Telemetry);
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("-1d")]
    public void A_period_that_is_not_positive_is_refused(string period)
    {
        var config = ConfigurationFactory.ParseString($"gateway.families.esp32.retention.events = {period}").WithFallback(TestConfig.Gateway);

        var refused = Assert.Throws<ConfigurationException>(() => RetentionSettings.For(config, "esp32"));
        Assert.Contains("retention.events for esp32", refused.Message);
    }

    [Fact]
    public void The_sweeper_expires_each_channel_with_a_period_by_its_manifest_and_never_events_kept_forever()
    {
        var expiries = RetentionSweeper.ExpiriesOf(RetentionSettings.For(TestConfig.Gateway, "drone"), Now);

        Assert.Equal(
            [new("rm", Now.AddDays(-90)), new("tr", Now.AddDays(-7))],
            expiries.OrderBy(e => e.Before).ToArray());
        Assert.DoesNotContain(expiries, e => e.Manifest == HistoryChannels.ManifestOf(HistoryChannel.Events));
    }

    [Fact]
    public void The_channels_manifests_are_the_ones_the_journal_serializer_writes()
    {
        using var system = ActorSystem.Create("manifests", TestConfig.InProcess());
        var serializer = new DeviceJournalSerializer((ExtendedActorSystem)system);

        Assert.Equal(HistoryChannels.ManifestOf(HistoryChannel.Events), serializer.Manifest(new DeviceEventRecorded("E", RawJson.EmptyObject, Now)));
        Assert.Equal(HistoryChannels.ManifestOf(HistoryChannel.Transcript), serializer.Manifest(new TranscriptRecorded(RawJson.EmptyObject, Now)));
        Assert.Equal(HistoryChannels.ManifestOf(HistoryChannel.Telemetry), serializer.Manifest(new ReportedMerged("telemetry", RawJson.EmptyObject, Now)));
        Assert.Equal(HistoryChannels.MarkerManifest, serializer.Manifest(new RetentionMarked(Now)));
    }
}
