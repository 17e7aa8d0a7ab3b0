using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Host.Configuration;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Tests.Kubernetes;

/// <summary>
/// No Docker here, so the image is proven by its parts: the Dockerfile's own <c>dotnet publish</c>
/// line is run, and its entry point is started on what that produced.
/// </summary>
public sealed partial class DockerfileTests : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("gateway-publish-").FullName;

    [Fact]
    public async Task TheEntryPointStartsWhatDotnetPublishProduces()
    {
        var dockerfile = await File.ReadAllTextAsync(Path.Combine(RenderedManifests.FindRepositoryRoot(), "Dockerfile"));
        var publish = PublishLine().Match(dockerfile);
        Assert.True(publish.Success, "the Dockerfile runs no `dotnet publish <project> -c Release -o <dir>`");
        var entryPoint = JsonSerializer.Deserialize<string[]>(EntryPointLine().Match(dockerfile).Groups["json"].Value)!;
        Assert.Equal("dotnet", entryPoint[0]);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:10.0", dockerfile);
        Assert.Matches(@"(?m)^USER \$APP_UID$", dockerfile);
        Assert.All(EnvLine().Matches(dockerfile), e => Assert.Contains(e.Groups["name"].Value, GatewayConfig.EnvironmentVariables));

        // The suite has built the project already; publishing that build is what the image's build
        // stage does (in the configuration these tests were built in, so a Debug run works too).
        var project = Path.Combine(RenderedManifests.FindRepositoryRoot(), publish.Groups["project"].Value);
        var (published, publishLog) = await RunAsync(HostBinary.Dotnet, ["publish", project, "-c", BuildConfiguration, "--no-build", "-o", _output]);
        Assert.True(published == 0, publishLog);
        var dll = Path.Combine(_output, entryPoint[1]);
        Assert.True(File.Exists(dll), $"{entryPoint[1]} is not in the output of dotnet publish");

        var (code, help) = await RunAsync(HostBinary.Dotnet, [dll, "--help"]);
        Assert.True(code == 0, help);
        Assert.Contains("Usage: Gateway.Host", help);
    }

    public void Dispose() => Directory.Delete(_output, recursive: true);

#if DEBUG
    private const string BuildConfiguration = "Debug";
#else
    private const string BuildConfiguration = "Release";
#endif

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"dotnet publish (?<project>\S+) -c Release -o (?<dir>\S+)")]
    private static partial Regex PublishLine();

    [GeneratedRegex(@"(?m)^ENV (?<name>[A-Z_]+)=")]
    private static partial Regex EnvLine();

    [GeneratedRegex(@"(?m)^ENTRYPOINT (?<json>\[.*\])$")]
    private static partial Regex EntryPointLine();
}
