using Gateway.Contracts.Watching;
using Xunit;

namespace Gateway.ClusterTests.Cluster;

/// <summary>Reads a watch in the background and keeps every change, so a test can wait for the one it expects.</summary>
public sealed class WatchRecorder : IAsyncDisposable
{
    private static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stop = new();
    private readonly List<IDeviceChange> _changes = [];
    private readonly Lock _gate = new();
    private readonly Task _reading;

    private WatchRecorder(Func<CancellationToken, IAsyncEnumerable<IDeviceChange>> watch) =>
        _reading = Task.Run(async () =>
        {
            await foreach (var change in watch(_stop.Token))
                lock (_gate)
                    _changes.Add(change);
        });

    public static WatchRecorder Start(Func<CancellationToken, IAsyncEnumerable<IDeviceChange>> watch) => new(watch);

    public IReadOnlyList<IDeviceChange> Changes
    {
        get
        {
            lock (_gate)
                return _changes.ToList();
        }
    }

    public async Task<T> WaitForAsync<T>(Func<T, bool> match, string expectation, Func<string> diagnostics, TimeSpan? deadline = null) where T : IDeviceChange
    {
        var until = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        while (DateTime.UtcNow < until)
        {
            if (_reading.IsFaulted)
                Assert.Fail($"the watch failed while waiting for {expectation}: {_reading.Exception}");
            if (Changes.OfType<T>().FirstOrDefault(match) is { } found)
                return found;
            await Task.Delay(100);
        }
        Assert.Fail($"no {expectation} within {deadline ?? DefaultDeadline}; the watch saw:\n{string.Join("\n", Changes.Select(Describe))}\n{diagnostics()}");
        return default!;
    }

    private static string Describe(IDeviceChange change) => change switch
    {
        DeviceChanged d => $"state v{d.View.Shadow.Version} {d.View.Shadow.Reported}",
        CommandChanged c => $"command {c.Command.CommandId} {c.Command.Status}",
        _ => change.ToString() ?? "",
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
