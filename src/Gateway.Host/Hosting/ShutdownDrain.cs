namespace Gateway.Host.Hosting;

/// <summary>
/// The first step of a stop (SIGTERM): readiness turns false, then the node keeps serving for
/// <c>gateway.shutdown.drain-delay</c> so that load balancers and Kubernetes endpoints stop
/// sending to it, and only then do the HTTP server, the MQTT transport and the actor system
/// (leaving the cluster, handing off shards) stop. It runs in the host's stopping phase, before
/// any hosted service stops. A one-node gateway has nobody to drain to and stops at once.
/// </summary>
public sealed class ShutdownDrain(TimeSpan delay, ILogger<ShutdownDrain> log) : IHostedLifecycleService
{
    private volatile bool _stopping;

    public bool IsStopping => _stopping;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        if (delay <= TimeSpan.Zero)
            return;
        log.LogInformation("Stopping: readiness is false; serving for {Delay} more before leaving the cluster", delay);
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out: stop now.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
