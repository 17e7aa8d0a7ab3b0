using System.Diagnostics;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// Runs a command to completion, capturing its output, and kills it if it overruns. Given
/// <c>standardInput</c>, the command reads it from a pipe that is then closed, as from a shell's <c>&lt;&lt;&lt;</c>.
/// </summary>
internal static class ExternalCommand
{
    public static async Task<CommandResult> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, string? workingDirectory = null, string? standardInput = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = standardInput is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        var commandLine = string.Join(' ', [fileName, .. arguments.Select(Quote)]);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {commandLine}");
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        return new CommandResult(commandLine, process.ExitCode, await stdout, await stderr, timedOut);
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'') ? argument : $"'{argument}'";
}
