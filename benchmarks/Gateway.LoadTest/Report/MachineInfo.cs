using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Gateway.LoadTest.Measurement;

namespace Gateway.LoadTest.Report;

/// <summary>What the run ran on, read from /proc and /etc/os-release, so figures from different machines are not compared blindly.</summary>
public static class MachineInfo
{
    public static async Task<MachineReport> ReadAsync(CancellationToken ct) => new(
        Environment.MachineName,
        Environment.ProcessorCount,
        FirstValue("/proc/cpuinfo", "model name", ':'),
        Math.Round(MemTotalKb() / 1048576.0, 1),
        FirstValue("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription,
        Kernel(),
        RuntimeInformation.FrameworkDescription,
        await DotnetSdkAsync(ct),
        MachineSampler.LoadAverage());

    private static string? FirstValue(string file, string key, char separator)
    {
        try
        {
            return File.ReadLines(file)
                .Where(l => l.StartsWith(key, StringComparison.Ordinal) && l.Contains(separator))
                .Select(l => l[(l.IndexOf(separator) + 1)..].Trim())
                .FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string Kernel()
    {
        try
        {
            return "Linux " + File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.OSDescription;
        }
    }

    private static long MemTotalKb() =>
        FirstValue("/proc/meminfo", "MemTotal", ':')?.Split(' ')[0] is { } kb && long.TryParse(kb, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static async Task<string?> DotnetSdkAsync(CancellationToken ct)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            if (process is null)
                return null;
            var version = await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            return process.ExitCode == 0 ? version.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no dotnet on PATH: the tool runs as a published app
        }
    }
}
