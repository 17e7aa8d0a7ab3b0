using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.Mqtt.Security;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// <c>Gateway.Host passwd</c> run as an operator runs it, from a script (password on standard
/// input, or -b) and at a terminal; the file it writes logs users in to the real mosquitto.
/// </summary>
public sealed class PasswdCommandTests : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly string _dir = Directory.CreateTempSubdirectory("gateway-it-passwd-").FullName;

    private string FilePath => Path.Combine(_dir, "passwd");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<CommandResult> Passwd(IReadOnlyList<string> arguments, string? standardInput = null) =>
        ExternalCommand.RunAsync(HostBinary.Dotnet, [HostBinary.DllPath, "passwd", .. arguments], CommandTimeout, standardInput: standardInput);

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task ThePasswordOnStandardInputMakesAUserMosquittoLetsIn()
    {
        var result = await Passwd([FilePath, "alice"], "secret\n");

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        Assert.True(PasswordFile.Load(FilePath).Verify("alice", "secret"));
        await using var broker = await MosquittoBroker.StartAsync(FilePath);
        var right = await Mosquitto.TryPublishAsync(broker.Port, "alice", "secret", "t", "x");
        var wrong = await Mosquitto.TryPublishAsync(broker.Port, "alice", "secrets", "t", "x");
        Assert.True(right.Succeeded, $"{right}\n{broker.LogTail()}");
        Assert.False(wrong.Succeeded, $"{wrong}\n{broker.LogTail()}");
    }

    [Fact]
    public async Task BatchModeAddsAndDeleteRemovesAsMosquittoPasswdDoes()
    {
        Assert.True((await Passwd(["-b", FilePath, "alice", "a"])).Succeeded);
        var bob = await Passwd(["-b", FilePath, "bob", "b"]);
        var deleted = await Passwd(["-D", FilePath, "alice"]);
        var again = await Passwd(["-D", FilePath, "alice"]);

        Assert.True(bob.Succeeded, bob.ToString());
        Assert.True(deleted.Succeeded, deleted.ToString());
        Assert.Equal(1, again.ExitCode);
        Assert.Contains($"user 'alice' is not in {FilePath}", again.StandardError);
        var file = PasswordFile.Load(FilePath);
        Assert.Equal(1, file.Count);
        Assert.True(file.Verify("bob", "b"));
    }

    [Fact]
    public async Task WrongArgumentsExitWithTwoAndTheUsage()
    {
        var result = await Passwd([FilePath]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("wrong number of arguments", result.StandardError);
        Assert.Contains("passwd -D FILE USER", result.StandardError);
        Assert.False(File.Exists(FilePath));
    }

    [Fact]
    public async Task AtATerminalThePasswordIsTypedTwiceWithoutEcho()
    {
        var result = await AtTerminal([FilePath, "alice"], "correct horse", "correct horse");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Password: ", result.StandardOutput);
        Assert.Contains("Reenter password: ", result.StandardOutput);
        Assert.DoesNotContain("correct", result.StandardOutput);
        Assert.True(PasswordFile.Load(FilePath).Verify("alice", "correct horse"));
    }

    [Fact]
    public async Task AtATerminalTwoDifferentPasswordsChangeNothing()
    {
        PasswordFile.SetUser(FilePath, "alice", "old");
        var before = File.ReadAllText(FilePath);

        var result = await AtTerminal([FilePath, "alice"], "new", "typo");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("the passwords do not match", result.StandardOutput);
        Assert.Equal(before, File.ReadAllText(FilePath));
    }

    /// <summary>
    /// Runs the command on a pseudo-terminal (util-linux <c>script</c>), typing each answer once its
    /// prompt has appeared. Everything the terminal showed, the command's stderr included, is the output.
    /// </summary>
    private static async Task<CommandResult> AtTerminal(IReadOnlyList<string> arguments, params string[] answers)
    {
        var script = RequiredTool.Find("script", "Install util-linux's script: apt-get install bsdutils (Debian/Ubuntu).");
        var command = string.Join(' ', new[] { HostBinary.Dotnet, HostBinary.DllPath, "passwd" }.Concat(arguments).Select(a => $"'{a}'"));
        var start = new ProcessStartInfo(script)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-q", "-f", "-e", "-c", command, "/dev/null" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {script}");
        var shown = new StringBuilder();
        var reading = Task.Run(async () =>
        {
            var buffer = new char[256];
            int read;
            while ((read = await process.StandardOutput.ReadAsync(buffer)) > 0)
                lock (shown)
                    shown.Append(buffer, 0, read);
        });
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(CommandTimeout);
        string[] prompts = ["Password: ", "Reenter password: "];
        for (var i = 0; i < answers.Length; i++)
        {
            while (!Shows(shown, prompts[i]))
                await Task.Delay(50, deadline.Token);
            // The prompt is written just before the key reading starts; a moment's grace keeps the
            // typing from reaching the terminal before the command has taken it over.
            await Task.Delay(300, deadline.Token);
            await process.StandardInput.WriteAsync(answers[i] + "\r");
            await process.StandardInput.FlushAsync();
        }
        await process.WaitForExitAsync(deadline.Token);
        // Output read to its end: nothing appends to it any more.
        await reading;
        return new CommandResult($"script -c {command}", process.ExitCode, shown.ToString(), await stderr, TimedOut: false);
    }

    private static bool Shows(StringBuilder shown, string text)
    {
        lock (shown)
            return shown.ToString().Contains(text);
    }
}
