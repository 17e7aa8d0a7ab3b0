namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>How an external command (mosquitto_sub, initdb, ...) ended, with everything it printed.</summary>
internal sealed record CommandResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    public override string ToString() =>
        $"`{CommandLine}` {(TimedOut ? "timed out" : $"exited with {ExitCode}")}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}
