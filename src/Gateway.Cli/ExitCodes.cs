namespace Gateway.Cli;

/// <summary>What the process's exit code tells a script; each failure has its own.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Something unexpected; the message says what.</summary>
    public const int Error = 1;
    /// <summary>The command line is wrong: an unknown option, a device that is not kind/id.</summary>
    public const int Usage = 2;
    /// <summary>The gateway knows no such device (or command).</summary>
    public const int NotFound = 3;
    /// <summary>The gateway refused the command or desired state as invalid; the field errors are printed.</summary>
    public const int Invalid = 4;
    /// <summary>The command timed out: the device did not acknowledge it within its window, after every retry.</summary>
    public const int TimedOut = 5;
    /// <summary>The device answered that the command failed.</summary>
    public const int Failed = 6;
    /// <summary>The gateway did not answer: not joined (contact points?), or the device's node is failing over.</summary>
    public const int Unavailable = 7;
}
