using Gateway.CrashTest.Load;
using Gateway.CrashTest.Targets;

namespace Gateway.CrashTest.Run;

/// <summary>
/// One kill cycle's load and its crash: at <c>killAfter</c> the gateway gets SIGKILL, and only then
/// are the devices stopped, so that every answer read before the kill is in the ledger and
/// whatever was in flight ends unanswered.
/// </summary>
public static class KillLoad
{
    public static async Task<CycleOutcome> RunAsync(GatewayNode gateway, IReadOnlyList<CrashDevice> devices, IReadOnlyList<int> seeds,
        TimeSpan killAfter, TimeSpan pauseMax, CancellationToken ct)
    {
        await using var load = await DeviceLoad.StartAsync(gateway, devices, seeds, pauseMax, ct);
        await Task.Delay(killAfter, ct);
        var errors = await gateway.KillAsync();
        await load.StopAsync(drain: TimeSpan.Zero);
        return new CycleOutcome(load.Ledger, errors);
    }
}
