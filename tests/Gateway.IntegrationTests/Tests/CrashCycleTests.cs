using System.Text.Json;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// The short form of benchmarks/Gateway.CrashTest, run as users run it: two cycles of load, kill -9
/// at a random (seeded) moment and a restart on the same SQLite data; nothing the gateway
/// acknowledged may be missing afterwards, whether it was acknowledged with a 202, a 200, an AWS
/// update/accepted or an MQTT PUBACK.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class CrashCycleTests
{
    private static readonly string[] HttpAndShadowKinds = ["http-command", "desired-put", "shadow-update"];
    private static readonly string[] PubackedKinds = ["drone-event", "drone-ack", "esp32-alert", "esp32-response", "petal-response", "anc-emergency"];

    [Fact]
    public async Task TwoCrashCyclesOnSqliteLoseNothingThatWasAcknowledged()
    {
        var outDir = Directory.CreateTempSubdirectory("gateway-it-crash-").FullName;
        var (exitCode, stdout, stderr) = await DotnetTool.RunAsync("benchmarks/Gateway.CrashTest",
            ["--cycles", "2", "--store", "sqlite", "--seed", "20261124", "--devices", "40", "--kill-after-min", "1", "--kill-after-max", "3",
             "--out", outDir, "--gateway-dll", HostBinary.DllPath],
            TimeSpan.FromMinutes(5));
        var reportPath = Path.Combine(outDir, "report.json");
        Assert.True(File.Exists(reportPath), $"the crash tool wrote no report (exit code {exitCode})\nstdout:\n{stdout}\nstderr:\n{stderr}");
        var markdown = File.ReadAllText(Path.Combine(outDir, "report.md"));
        using var report = JsonDocument.Parse(File.ReadAllText(reportPath));
        var totals = report.RootElement.GetProperty("totals").EnumerateArray().ToDictionary(t => t.GetProperty("kind").GetString()!);
        var final = report.RootElement.GetProperty("final_check").EnumerateArray().ToDictionary(t => t.GetProperty("kind").GetString()!);

        foreach (var kind in HttpAndShadowKinds.Concat(PubackedKinds))
        {
            // A kind with nothing confirmed would pass without checking anything.
            Assert.True(totals[kind].GetProperty("checked").GetInt64() > 0, $"{kind}: nothing was confirmed, so nothing was checked\n{markdown}\n{stderr}");
            Assert.True(totals[kind].GetProperty("lost").GetInt64() == 0, $"{kind}: acknowledged, then lost by kill -9\n{markdown}");
            Assert.True(final[kind].GetProperty("lost").GetInt64() == 0, $"{kind}: lost by the time of the final check\n{markdown}");
        }
        Assert.True(exitCode == 0, $"the crash tool exited with {exitCode}\n{markdown}\nstderr:\n{stderr}");
        Directory.Delete(outDir, recursive: true);
    }
}
