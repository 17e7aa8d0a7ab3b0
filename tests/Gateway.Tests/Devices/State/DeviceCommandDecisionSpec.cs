using Gateway.Contracts;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;
using Gateway.Devices.Journal;
using Gateway.Devices.State;
using Gateway.Tests.Protocols;
using Xunit;
using static Gateway.Tests.Devices.State.DeviceStateFixture;

namespace Gateway.Tests.Devices.State;

/// <summary>Command acceptance, answers, windows and retries, decided by the state alone.</summary>
public sealed class DeviceCommandDecisionSpec
{
    private const string LaunchAcknowledged = """{"event":"LAUNCH_ACKNOWLEDGED","mission_id":"M-20251201-001"}""";

    private static (DeviceState State, CommandAccepted Accepted) Launched(string overrides = "")
    {
        var state = Drone(overrides);
        var step = state.Decide(Command(DroneExamples.Launch), At);
        state.Journal([step.Accepted!, step.FirstAttempt!]);
        return (state, step.Accepted!);
    }

    [Fact]
    public void A_valid_command_is_accepted_and_sent_once_in_one_write()
    {
        var state = Drone();

        var step = state.Decide(Command(DroneExamples.Launch), At);

        Assert.Null(step.Answer);
        var accepted = step.Accepted!;
        Assert.Equal(("LAUNCH", "M-20251201-001", 5000), (accepted.Command, accepted.CorrelationId, accepted.AckTimeoutMs));
        Assert.Equal((accepted.CommandId, 1), (step.FirstAttempt!.CommandId, step.FirstAttempt.Attempt));
        Assert.Equal(accepted.CommandId, Json(accepted.Payload).GetProperty("command_id").GetString());
        Assert.Equal(0, state.PendingCommandCount); // nothing is tracked until the write returns
    }

    [Fact]
    public void An_invalid_command_is_answered_with_its_field_errors_and_nothing_to_journal()
    {
        var step = Drone().Decide(Command("""{"command":"LAUNCH","mission_id":"M-1"}"""), At);

        var invalid = Assert.IsType<CommandInvalid>(step.Answer);
        Assert.Contains(invalid.Errors, e => e.Field == "destination");
        Assert.Null(step.Accepted);
    }

    [Fact]
    public void A_command_id_resubmitted_is_joined_while_written_then_answered_with_the_same_command()
    {
        var state = Drone();
        var launch = """{"command":"RETURN_TO_BASE","mission_id":"TEST-001","timestamp":"2025-12-01T14:00:00Z","command_id":"rtb-1"}""";

        var first = state.Decide(Command(launch), At);
        Assert.Equal("rtb-1", first.Accepted!.CommandId);
        Assert.Equal("rtb-1", state.Decide(Command(launch), At).JoinsCommandId);

        state.Journal([first.Accepted, first.FirstAttempt!]);

        var again = Assert.IsType<CommandSubmitted>(state.Decide(Command(launch), At).Answer);
        Assert.Equal("rtb-1", again.Command.CommandId);
        var clash = Assert.IsType<CommandInvalid>(state.Decide(Command(
            """{"command":"ABORT","mission_id":"TEST-001","abort_mode":"HOVER","reason":"x","command_id":"rtb-1"}"""), At).Answer);
        Assert.Equal("command_id", Assert.Single(clash.Errors).Field);
    }

    [Fact]
    public void An_answer_settles_its_command_once_and_a_late_repeat_is_recorded_once()
    {
        var (state, accepted) = Launched();

        var answer = state.Decide(Input(DeviceChannel.Events, LaunchAcknowledged, At.AddSeconds(1)));
        Assert.Equal(InputOutcome.JournalFirst, answer.Outcome);
        Assert.IsType<DeviceEventRecorded>(answer.Journal[0]);
        Assert.Equal(accepted.CommandId, Assert.IsType<CommandAcknowledged>(answer.Journal[1]).CommandId);
        // The same answer again while the first is being written changes nothing.
        Assert.Equal(InputOutcome.Repeated, state.Decide(Input(DeviceChannel.Events, LaunchAcknowledged)).Outcome);

        state.Journal(answer.Journal);
        Assert.Equal(CommandStatus.Acknowledged, Assert.IsType<CommandView>(state.SettledCommand(accepted.CommandId)).Outcome);
        Assert.Equal(0, state.PendingCommandCount);

        var late = state.Decide(Input(DeviceChannel.Events, LaunchAcknowledged, At.AddSeconds(2)));
        Assert.IsType<LateAcknowledgementRecorded>(late.Journal[1]);
        state.Journal(late.Journal);
        Assert.Equal(InputOutcome.Repeated, state.Decide(Input(DeviceChannel.Events, LaunchAcknowledged)).Outcome);
    }

    [Fact]
    public void A_window_without_an_answer_retries_with_backoff_until_the_last_attempt_times_out()
    {
        var (state, accepted) = Launched("gateway.commands.retry-backoff = 2s\ngateway.commands.retry-backoff-max = 3s");
        var id = accepted.CommandId;

        var retry = state.DecideTimeout(id, attempt: 1, At.AddSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(2), retry.RetryAfter);
        Assert.Equal(CommandStatus.Pending, state.ViewOf(retry.Lifecycle!).Status);

        var second = state.DecideRetry(id, At.AddSeconds(7))!;
        Assert.Equal(2, second.Attempt);
        state.Journal([second]);
        Assert.Equal(TimeoutStep.Nothing, state.DecideTimeout(id, attempt: 1, At.AddSeconds(8))); // a stale window
        Assert.Equal(TimeSpan.FromSeconds(3), state.DecideTimeout(id, attempt: 2, At.AddSeconds(12)).RetryAfter); // capped
        state.Journal([state.DecideRetry(id, At.AddSeconds(15))!]);

        var last = state.DecideTimeout(id, attempt: 3, At.AddSeconds(20));
        Assert.Null(last.RetryAfter);
        Assert.Equal(id, last.TimedOut!.CommandId);
        Assert.Null(state.DecideRetry(id, At.AddSeconds(21))); // being settled: no further attempt
        state.Journal([last.TimedOut]);
        Assert.Equal(CommandStatus.TimedOut, Assert.IsType<CommandView>(state.SettledCommand(id)).Outcome);
    }

    [Fact]
    public void A_settled_command_clears_its_retained_publication_once()
    {
        var (state, accepted) = Launched();
        state.TryGetCommand(accepted.CommandId, out var command);

        Assert.True(state.AttemptPublication(command)!.Retain);
        state.Journal(state.Decide(Input(DeviceChannel.Events, LaunchAcknowledged)).Journal);

        Assert.Null(state.AttemptPublication(command)); // settled meanwhile: not sent
        var clear = state.ClearRetained(command)!;
        Assert.Equal(("/drone/Alpha-3/command", true, 0), (clear.Topic, clear.Retain, clear.Payload.Length));
        Assert.Null(state.ClearRetained(command));
    }

    [Fact]
    public void After_recovery_a_sent_command_waits_out_its_window_and_an_unsent_one_is_sent()
    {
        var state = Drone();
        var sent = state.Decide(Command(DroneExamples.Launch), At);
        state.Journal([sent.Accepted!, sent.FirstAttempt!]);
        var unsent = state.Decide(Command(DroneExamples.ReturnToBase), At);
        state.Journal([unsent.Accepted!]);

        var resume = state.Resume(At.AddSeconds(2)).ToDictionary(r => r.Command.CommandId, r => r.WindowLeft);

        Assert.Equal(TimeSpan.FromSeconds(3), resume[sent.Accepted!.CommandId]);
        Assert.Null(resume[unsent.Accepted!.CommandId]);
        Assert.Equal(TimeSpan.Zero, state.Resume(At.AddSeconds(30)).Single(r => r.Command.CommandId == sent.Accepted.CommandId).WindowLeft);
    }
}
