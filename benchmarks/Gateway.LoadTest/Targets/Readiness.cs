using System.Net;

namespace Gateway.LoadTest.Targets;

/// <summary>Waits for a gateway process the tool started to answer <c>/readyz</c> 200, failing with its log's tail if it exits or takes too long.</summary>
public static class Readiness
{
    /// <param name="which">Names the start in errors (a tool that restarts the gateway says which start failed).</param>
    public static async Task WaitAsync(ChildProcess process, Uri baseUrl, TimeSpan within, string which, CancellationToken ct)
    {
        using var probe = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        var last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"the gateway exited before it was ready ({which}):\n{process.Tail()}");
            try
            {
                using var response = await probe.GetAsync("readyz", ct);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                last = e.Message;
            }
            await Task.Delay(100, ct);
        }
        throw new TimeoutException($"the gateway was not ready within {within.TotalSeconds} s ({which}); last /readyz: {last}\n{process.Tail()}");
    }
}
