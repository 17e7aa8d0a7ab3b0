using System.Diagnostics;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// Polls until something the gateway does asynchronously has happened. Only the outcome is
/// asserted; the deadline is generous and exists so that a broken gateway fails instead of hanging.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string expectation, GatewayProcess? gateway = null, TimeSpan? deadline = null)
        where T : notnull
    {
        var limit = deadline ?? DefaultDeadline;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
                return value;
            if (clock.Elapsed > limit)
                throw new Xunit.Sdk.XunitException($"Waited {limit.TotalSeconds} s for {expectation}; last seen: {value}\n{gateway?.LogTail()}");
            await Task.Delay(100);
        }
    }

    /// <summary>Runs <paramref name="work"/> (a wait for one thing), cancelling it when the deadline passes.</summary>
    public static async Task<T> Within<T>(Func<CancellationToken, Task<T>> work, string expectation, TimeSpan? deadline = null)
    {
        var limit = deadline ?? DefaultDeadline;
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            return await work(cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new Xunit.Sdk.XunitException($"Waited {limit.TotalSeconds} s for {expectation}");
        }
    }
}
