using System.Diagnostics;
using System.Reflection;
using System.Text;
using Xunit;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// A program of this repository run the way its users run it, <c>dotnet Name.dll args</c>, from
/// its own build output (with its own dependencies), its standard output kept line by line.
/// </summary>
public sealed class DotnetTool : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    private DotnetTool(Process process) => _process = process;

    /// <summary>Starts <paramref name="project"/> (a folder under the repository, e.g. <c>src/Gateway.Cli</c>).</summary>
    public static DotnetTool Start(string project, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(HostBinary.Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Locate(project));
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var tool = new DotnetTool(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lock (tool._gate)
                    tool._stdout.Add(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lock (tool._gate)
                    tool._stderr.AppendLine(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return tool;
    }

    /// <summary>Runs the program to its end, at most <paramref name="deadline"/>.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string project, IEnumerable<string> arguments, TimeSpan deadline)
    {
        await using var tool = Start(project, arguments);
        var code = await tool.WaitForExitAsync(deadline);
        return (code, tool.Stdout, tool.Stderr);
    }

    public string Stdout
    {
        get
        {
            lock (_gate)
                return string.Join('\n', _stdout);
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
                return _stdout.ToList();
        }
    }

    public string Stderr
    {
        get
        {
            lock (_gate)
                return _stderr.ToString();
        }
    }

    public async Task<string> WaitForLineAsync(Func<string, bool> match, string expectation, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (DateTime.UtcNow < until)
        {
            if (Lines.FirstOrDefault(match) is { } line)
                return line;
            if (_process.HasExited)
                break;
            await Task.Delay(100);
        }
        Assert.Fail($"no line with {expectation} within {deadline}; stdout:\n{Stdout}\nstderr:\n{Stderr}");
        return "";
    }

    /// <summary>What Ctrl+C sends.</summary>
    public void Interrupt() => Libc.Kill(_process.Id, Libc.SigInt);

    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{_process.StartInfo.ArgumentList[0]} did not exit within {deadline}; stdout:\n{Stdout}\nstderr:\n{Stderr}");
        }
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static string Locate(string project)
    {
        var name = Path.GetFileName(project);
        var configuration = typeof(DotnetTool).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var framework = new DirectoryInfo(AppContext.BaseDirectory).Name;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var output = Path.Combine(dir.FullName, project, "bin", configuration, framework);
            if (File.Exists(Path.Combine(dir.FullName, project, $"{name}.csproj")))
            {
                var dll = Path.Combine(output, $"{name}.dll");
                if (File.Exists(dll) && File.Exists(Path.Combine(output, $"{name}.runtimeconfig.json")))
                    return dll;
                Assert.Fail($"{dll} is not built; build it: dotnet build {project} -c {configuration}");
            }
        }
        Assert.Fail($"no {project} above {AppContext.BaseDirectory}");
        return "";
    }
}
