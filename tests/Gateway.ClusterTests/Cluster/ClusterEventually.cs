using System.Diagnostics;

namespace Gateway.ClusterTests.Cluster;

/// <summary>
/// Polls until the cluster has done something asynchronously, like <c>Eventually</c>, but a node
/// that is down or busy failing over may refuse or drop the request: that is "not yet", not a
/// failure. A missed deadline fails with the last answer and every node's and the broker's log,
/// because in a cluster the reason is often on another node than the one asked.
/// </summary>
public static class ClusterEventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string expectation, Func<string> diagnostics, TimeSpan? deadline = null)
        where T : notnull
    {
        var limit = deadline ?? DefaultDeadline;
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (true)
        {
            try
            {
                var value = await probe();
                if (done(value))
                    return value;
                last = value.ToString() ?? "";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = $"{e.GetType().Name}: {e.Message}";
            }
            if (clock.Elapsed > limit)
                throw new Xunit.Sdk.XunitException($"Waited {limit.TotalSeconds} s for {expectation}; last seen: {last}\n{diagnostics()}");
            await Task.Delay(Interval);
        }
    }
}
