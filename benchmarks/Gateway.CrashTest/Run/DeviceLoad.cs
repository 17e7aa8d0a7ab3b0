using Gateway.CrashTest.Load;
using Gateway.CrashTest.Targets;

namespace Gateway.CrashTest.Run;

/// <summary>
/// One cycle's devices under way: every device connects, then all send at once until the load is
/// stopped. Stopping ends new requests at once; the requests under way get a drain time to finish
/// (being sent again while refused), then whatever is left is cut off, unanswered.
/// </summary>
public sealed class DeviceLoad : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly List<DeviceWorker> _workers;
    private readonly CancellationTokenSource _stop;
    private readonly CancellationTokenSource _abort;
    private readonly List<Task> _running;

    private DeviceLoad(HttpClient http, List<DeviceWorker> workers, Ledger ledger, CancellationToken ct)
    {
        _http = http;
        _workers = workers;
        Ledger = ledger;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _abort = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _running = workers.Select(w => w.RunAsync(_stop.Token, _abort.Token)).ToList();
    }

    public Ledger Ledger { get; }

    /// <summary>Connects every device, then starts them all: the fault's moment counts from here, connecting is not part of the load.</summary>
    public static async Task<DeviceLoad> StartAsync(GatewayNode gateway, IReadOnlyList<CrashDevice> devices, IReadOnlyList<int> seeds, TimeSpan pauseMax, CancellationToken ct)
    {
        var ledger = new Ledger();
        var http = new HttpClient { BaseAddress = gateway.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var connecting = devices.Select(d => DeviceWorker.ConnectAsync(d, gateway.MqttPort, http, ledger, seeds[d.Index], pauseMax, ct)).ToList();
        try
        {
            await Task.WhenAll(connecting);
        }
        catch
        {
            foreach (var connected in connecting.Where(c => c.IsCompletedSuccessfully))
                await connected.Result.DisposeAsync();
            http.Dispose();
            throw;
        }
        return new DeviceLoad(http, connecting.Select(c => c.Result).ToList(), ledger, ct);
    }

    /// <summary>No new requests; up to <paramref name="drain"/> for those under way; then the rest are cut off. Answers how long the drain took.</summary>
    public async Task<TimeSpan> StopAsync(TimeSpan drain)
    {
        var started = DateTime.UtcNow;
        await _stop.CancelAsync();
        if (drain > TimeSpan.Zero)
            await Task.WhenAny(Task.WhenAll(_running), Task.Delay(drain));
        var drained = DateTime.UtcNow - started;
        await _abort.CancelAsync();
        await Task.WhenAll(_running);
        return drained;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _abort.CancelAsync();
        try
        {
            await Task.WhenAll(_running);
        }
        finally
        {
            foreach (var worker in _workers)
                await worker.DisposeAsync();
            _http.Dispose();
            _stop.Dispose();
            _abort.Dispose();
        }
    }
}
