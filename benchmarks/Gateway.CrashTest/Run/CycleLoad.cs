using Gateway.CrashTest.Load;
using Gateway.CrashTest.Targets;

namespace Gateway.CrashTest.Run;

/// <summary>
/// One cycle's load and its crash: every device connects, then all send at once; at
/// <c>killAfter</c> the gateway gets SIGKILL, and only then are the devices stopped, so that every
/// answer read before the kill is in the ledger and whatever was in flight ends unanswered.
/// </summary>
public static class CycleLoad
{
    public static async Task<CycleOutcome> RunAsync(GatewayNode gateway, IReadOnlyList<CrashDevice> devices, IReadOnlyList<int> seeds,
        TimeSpan killAfter, TimeSpan pauseMax, CancellationToken ct)
    {
        var ledger = new Ledger();
        using var http = new HttpClient { BaseAddress = gateway.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var workers = new List<DeviceWorker>();
        try
        {
            // Connecting is not part of the load: the kill moment counts from when all are connected.
            var connecting = devices.Select(d => DeviceWorker.ConnectAsync(d, gateway.MqttPort, http, ledger, seeds[d.Index], pauseMax, ct)).ToList();
            try
            {
                await Task.WhenAll(connecting);
            }
            finally
            {
                workers.AddRange(connecting.Where(c => c.IsCompletedSuccessfully).Select(c => c.Result));
            }
            using var kill = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var running = workers.Select(w => w.RunAsync(kill.Token)).ToList();
            await Task.Delay(killAfter, ct);
            var errors = await gateway.KillAsync();
            kill.Cancel();
            await Task.WhenAll(running);
            return new CycleOutcome(ledger, errors);
        }
        finally
        {
            foreach (var worker in workers)
                await worker.DisposeAsync();
        }
    }
}
