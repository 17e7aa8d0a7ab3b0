using System.Diagnostics;
using System.Text.Json;
using Gateway.CrashTest.Report;

namespace Gateway.CrashTest.Run;

/// <summary>
/// Polls <c>/readyz</c> every 150 ms from its start until it is disposed, and keeps each change of
/// the answer's status with its time, so that an outage's figures (how soon 503, whether it
/// flickered back, how soon 200 again) come from one timeline.
/// </summary>
public sealed class ReadinessWatch : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(150);
    private readonly HttpClient _http;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<ReadinessChange> _changes = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _loop;

    public ReadinessWatch(Uri baseUrl)
    {
        // A poll that takes longer than this counts as no answer: a readiness probe of a real deployment would give up too.
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(2) };
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Time since the watch started: the clock of every change.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<ReadinessChange> Changes
    {
        get
        {
            lock (_gate)
                return _changes.ToList();
        }
    }

    /// <summary>
    /// The first time at or after <paramref name="from"/> that <c>/readyz</c> answered
    /// <paramref name="status"/> (<paramref name="from"/> itself when it already did then),
    /// waiting for it until <paramref name="until"/>; null if it did not by then.
    /// </summary>
    public async Task<ReadinessChange?> WaitForAsync(int status, TimeSpan from, TimeSpan until, CancellationToken ct)
    {
        while (true)
        {
            var changes = Changes;
            var atFrom = changes.LastOrDefault(c => c.AtS <= from.TotalSeconds);
            if (atFrom?.Status == status)
                return atFrom with { AtS = from.TotalSeconds };
            if (changes.FirstOrDefault(c => c.AtS > from.TotalSeconds && c.Status == status) is { } change)
                return change;
            if (Now >= until)
                return null;
            await Task.Delay(50, ct);
        }
    }

    private async Task LoopAsync()
    {
        while (!_cts.IsCancellationRequested)
        {
            var (status, detail) = await AskAsync();
            // The time the answer came, not the time it was asked: a slow answer does not make the change look sooner.
            var at = Now.TotalSeconds;
            lock (_gate)
            {
                if (_changes.Count == 0 || _changes[^1].Status != status)
                    _changes.Add(new ReadinessChange(at, status, detail));
            }
            try
            {
                await Task.Delay(Poll, _cts.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<(int? Status, string Detail)> AskAsync()
    {
        try
        {
            using var response = await _http.GetAsync("readyz", _cts.Token);
            var text = await response.Content.ReadAsStringAsync(_cts.Token);
            return ((int)response.StatusCode, JournalCheck(text));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (null, e.Message);
        }
    }

    /// <summary>The readiness detail's journal check (the breaker's state), else the whole body.</summary>
    private static string JournalCheck(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("checks", out var checks) && checks.TryGetProperty("journal", out var journal)
                ? journal.GetString() ?? body
                : body;
        }
        catch (JsonException)
        {
            return body.Length > 300 ? body[..300] : body;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        await _loop;
        _http.Dispose();
        _cts.Dispose();
    }
}
