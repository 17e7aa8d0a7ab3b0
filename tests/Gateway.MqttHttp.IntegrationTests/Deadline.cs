namespace Gateway.MqttHttp.IntegrationTests;

/// <summary>
/// Generous limits on waiting, so a broken gateway fails a test instead of hanging it. They are
/// not timing assertions: nothing is expected to take more than a fraction of them.
/// </summary>
public static class Deadline
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="work"/>, cancelling it when patience runs out.</summary>
    public static async Task<T> Within<T>(Func<CancellationToken, Task<T>> work, string what)
    {
        using var patience = new CancellationTokenSource(Patience);
        try
        {
            return await work(patience.Token);
        }
        catch (OperationCanceledException) when (patience.IsCancellationRequested)
        {
            throw GaveUp(what);
        }
    }

    public static Task Within(Func<CancellationToken, Task> work, string what) =>
        Within(async ct =>
        {
            await work(ct);
            return true;
        }, what);

    /// <summary>Polls until <paramref name="condition"/> holds.</summary>
    public static async Task Until(Func<Task<bool>> condition, string what)
    {
        var giveUp = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > giveUp)
                throw GaveUp(what);
            await Task.Delay(50);
        }
    }

    private static TimeoutException GaveUp(string what) => new($"gave up after {Patience.TotalSeconds:0} s waiting for {what}");
}
