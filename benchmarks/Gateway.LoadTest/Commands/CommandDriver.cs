using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Gateway.LoadTest.Devices;

namespace Gateway.LoadTest.Commands;

/// <summary>
/// Sends commands to random commandable devices at a steady rate over the HTTP API, each with
/// ?wait=true so that the reply comes when the command settles; the round trip is the request's
/// start to that reply. A fraction of the commands carries an id the devices ignore.
/// </summary>
public sealed class CommandDriver(HttpClient http, IReadOnlyList<SimulatedDevice> devices, double rate, double ignoreFraction, string runTag, CommandStats stats)
{
    // Far above what a healthy run has waiting (rate x settle time); beyond it the gateway is not
    // answering and piling up more requests would only measure the tool.
    private const int MaxInFlight = 5000;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly List<Task> _requests = [];
    private long _number;
    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Issues commands from <paramref name="start"/> until <paramref name="end"/> (Stopwatch timestamps); does not wait for their replies.</summary>
    public async Task RunAsync(long start, long end, CancellationToken ct)
    {
        if (rate <= 0 || devices.Count == 0)
            return;
        long scheduled = 0;
        using var timer = new PeriodicTimer(Tick);
        while (await timer.WaitForNextTickAsync(ct))
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= end)
                break;
            if (now < start)
                continue;
            var due = (long)(Stopwatch.GetElapsedTime(start, now).TotalSeconds * rate) - scheduled;
            scheduled += due;
            for (var i = 0; i < due; i++)
            {
                if (InFlight >= MaxInFlight)
                {
                    stats.Skip();
                    continue;
                }
                var device = devices[Random.Shared.Next(devices.Count)];
                var ignore = Random.Shared.NextDouble() < ignoreFraction;
                _requests.Add(SendAsync(device, CommandIds.Create(runTag, ++_number, ignore), ignore, ct));
            }
        }
    }

    /// <summary>Waits until every command sent has its reply, or <paramref name="limit"/> has passed.</summary>
    public async Task<bool> DrainAsync(TimeSpan limit)
    {
        try
        {
            await Task.WhenAll(_requests).WaitAsync(limit);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task SendAsync(SimulatedDevice device, string commandId, bool ignore, CancellationToken ct)
    {
        Interlocked.Increment(ref _inFlight);
        stats.Issue();
        var family = device.Commandable!;
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var content = new ByteArrayContent(family.CommandBody(device, commandId));
            content.Headers.ContentType = Json;
            using var response = await http.PostAsync(family.CommandPath(device), content, ct);
            var now = Stopwatch.GetTimestamp();
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    stats.Settled(acknowledged: true, ignore, start, now);
                    break;
                case HttpStatusCode.GatewayTimeout:
                    stats.Settled(acknowledged: false, ignore, start, now);
                    break;
                default:
                    var body = await response.Content.ReadAsStringAsync(ct);
                    stats.Failed($"{device.Family.Kind} {commandId}: HTTP {(int)response.StatusCode} {body[..Math.Min(body.Length, 400)]}");
                    break;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            stats.Failed($"{device.Family.Kind} {commandId}: {e.GetType().Name} {e.Message}");
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
