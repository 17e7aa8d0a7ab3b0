using Gateway.Contracts;
using Gateway.Devices.Journal;
using Gateway.Devices.State;
using Gateway.Tests.Protocols;
using Xunit;
using static Gateway.Tests.Devices.State.DeviceStateFixture;

namespace Gateway.Tests.Devices.State;

/// <summary>What a device message becomes, decided by the state alone.</summary>
public sealed class DeviceInputDecisionSpec
{
    [Fact]
    public void Coalesced_telemetry_changes_the_shadow_now_and_journals_the_window_once()
    {
        var state = Drone(); // the shipped default: persist = coalesce

        var first = state.Decide(Input(DeviceChannel.Telemetry, DroneExamples.Telemetry));
        var second = state.Decide(Input(DeviceChannel.Telemetry, """{"battery":80}""", At.AddSeconds(1)));

        Assert.Equal((InputOutcome.Coalesced, 0, true), (first.Outcome, first.Journal.Count, first.StartsWindow));
        Assert.Equal(InputOutcome.Coalesced, second.Outcome);
        Assert.Equal(80, Json(state.BuildShadow().Reported).GetProperty("battery").GetInt32());
        Assert.True(state.Online);

        var window = Assert.IsType<ReportedMerged>(state.TakeCoalesced(At.AddSeconds(2)));
        Assert.Equal(2, window.Version);
        var battery = Assert.Single(window.Fields!, f => f.Name == "battery");
        Assert.Equal(("80", At.AddSeconds(1)), (System.Text.Encoding.UTF8.GetString(battery.Value.Span), battery.UpdatedAt));
        Assert.Null(state.TakeCoalesced(At.AddSeconds(3)));
    }

    [Fact]
    public void Telemetry_journaled_each_message_is_applied_now_and_written_behind()
    {
        var state = Drone("gateway.telemetry.persist = each");

        var step = state.Decide(Input(DeviceChannel.Telemetry, DroneExamples.Telemetry));

        Assert.Equal(InputOutcome.WrittenBehind, step.Outcome);
        var entry = Assert.IsType<ReportedMerged>(Assert.Single(step.Journal));
        Assert.Equal((DeviceChannel.Telemetry, At), (entry.Channel, entry.At));
        Assert.Equal(1, state.Version);
        Assert.Equal(84, Json(state.BuildShadow().Reported).GetProperty("battery").GetInt32());
    }

    [Fact]
    public void A_refused_message_is_published_on_the_rejection_topic_kept_in_the_view_and_changes_nothing()
    {
        var state = Drone();

        var step = state.Decide(Input(DeviceChannel.Telemetry, """{"battery":140}"""));

        Assert.Equal(InputOutcome.Rejected, step.Outcome);
        Assert.Empty(step.Journal);
        Assert.Equal("gateway/rejected/drone", Assert.Single(step.Publish).Topic);
        Assert.True(state.Exists);
        var rejection = Assert.Single(state.BuildView().RecentRejections);
        Assert.Contains("battery", rejection.Reason);
        Assert.Equal("{}", Json(state.BuildShadow().Reported).GetRawText());
        Assert.Equal(0, state.Version);
    }

    [Fact]
    public void A_device_event_is_shown_only_once_its_entry_is_journaled()
    {
        var state = Drone();

        var step = state.Decide(Input(DeviceChannel.Events, DroneExamples.AedDeployed));

        Assert.Equal(InputOutcome.JournalFirst, step.Outcome);
        var recorded = Assert.IsType<DeviceEventRecorded>(Assert.Single(step.Journal));
        Assert.Equal("AED_DEPLOYED", recorded.Event);
        Assert.Empty(state.BuildView().RecentEvents);

        state.Journal(step.Journal);

        Assert.Equal("AED_DEPLOYED", Assert.Single(state.BuildView().RecentEvents).Event);
        Assert.Equal("gateway/drone/Alpha-3/events", state.EventPublication(recorded).Topic);
    }

    [Fact]
    public void A_transcript_line_is_kept_in_order_and_bounded()
    {
        var state = Drone("gateway.devices.recent-transcript = 2");

        for (var i = 1; i <= 3; i++)
            Assert.Equal(InputOutcome.WrittenBehind, state.Decide(Input(DeviceChannel.Transcript, $$"""{"text":"line {{i}}"}""")).Outcome);

        Assert.Equal(["line 2", "line 3"], state.BuildView().RecentTranscript.Select(t => Json(t).GetProperty("text").GetString()));
    }
}
