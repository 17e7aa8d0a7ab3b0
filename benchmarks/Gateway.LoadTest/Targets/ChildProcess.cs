using System.Diagnostics;

namespace Gateway.LoadTest.Targets;

/// <summary>
/// A process the tool starts (the gateway, mosquitto): its output goes to a log file and the last
/// lines are kept for error messages; it is stopped with SIGTERM, and killed only if it does not
/// exit (or on purpose, by the crash tool).
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private const int TailLines = 60;
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Queue<string> _tail = new();
    private readonly Lock _gate = new();
    private readonly List<string> _errors = [];
    private int _warnings;
    private int _errorCount;

    private ChildProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static ChildProcess Start(string file, IEnumerable<string> arguments, string workDir, string logPath, IEnumerable<string> dropEnvironmentPrefixes)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDir,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var prefix in dropEnvironmentPrefixes)
            foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
                start.Environment.Remove(variable);
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        log.WriteLine($"# {file} {string.Join(' ', start.ArgumentList)}");
        var process = new Process { StartInfo = start };
        var child = new ChildProcess(process, log);
        process.OutputDataReceived += (_, e) => child.Add(e.Data);
        process.ErrorDataReceived += (_, e) => child.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// What the process logged as warnings and errors, in the console format of
    /// Microsoft.Extensions.Logging (<c>warn:</c>, <c>fail:</c>, <c>crit:</c>), with the first errors.
    /// </summary>
    public (int Warnings, int Errors, IReadOnlyList<string> FirstErrors) LoggedProblems()
    {
        lock (_gate)
            return (_warnings, _errorCount, _errors.ToArray());
    }

    public string Tail()
    {
        lock (_gate)
            return string.Join('\n', _tail);
    }

    /// <summary>SIGTERM, then up to <paramref name="deadline"/> for the process to exit by itself; true when it did.</summary>
    public async Task<bool> StopAsync(TimeSpan deadline)
    {
        if (_process.HasExited)
            return true;
        Posix.Terminate(_process.Id);
        using var cts = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return false;
        }
    }

    /// <summary>SIGKILL, as a crash or a lost machine would end it: nothing flushed, no shutdown run.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    private void Add(string? line)
    {
        if (line is null)
            return;
        lock (_gate)
        {
            _log.WriteLine(line);
            if (line.Contains(" warn: ", StringComparison.Ordinal))
                _warnings++;
            else if (line.Contains(" fail: ", StringComparison.Ordinal) || line.Contains(" crit: ", StringComparison.Ordinal))
            {
                if (++_errorCount <= 3)
                    _errors.Add(line.Length > 400 ? line[..400] : line);
            }
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
                _tail.Dequeue();
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
        lock (_gate)
            _log.Dispose();
    }
}
