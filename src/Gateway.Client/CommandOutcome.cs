using Gateway.Contracts.Views;

namespace Gateway.Client;

/// <summary>Where a command ended, the same for every family whatever its own status words.</summary>
public enum CommandOutcome
{
    /// <summary>Not settled yet: waiting to be sent, or waiting for the device's answer.</summary>
    Pending,
    Acknowledged,
    /// <summary>The device answered that it could not carry the command out.</summary>
    Failed,
    /// <summary>The device did not answer within its acknowledgement window, after every retry.</summary>
    TimedOut,
}

public static class CommandOutcomes
{
    public static CommandOutcome OutcomeOf(this CommandView command) => command.Outcome switch
    {
        CommandStatus.Acknowledged => CommandOutcome.Acknowledged,
        CommandStatus.Failed => CommandOutcome.Failed,
        CommandStatus.TimedOut => CommandOutcome.TimedOut,
        _ => CommandOutcome.Pending,
    };
}
