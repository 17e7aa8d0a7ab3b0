using System.Diagnostics;
using Gateway.LoadTest.Devices;

namespace Gateway.LoadTest.Measurement;

/// <summary>
/// Reads the server process at the window's start and at every whole second after it, until
/// stopped: the flood table's resident memory for each second, and each stretch's CPU and peak
/// memory from the readings on and between its bounds. Its own readings, so the progress line's
/// once-a-second CPU figure is not disturbed.
/// </summary>
public sealed class SecondSampler(ProcessSampler server, MeasureWindow window, int seconds)
{
    private readonly List<Reading> _readings = [];

    /// <summary>Reading k was taken k seconds after the window's start; read them once <see cref="RunAsync"/> has ended.</summary>
    public IReadOnlyList<Reading> Readings => _readings;

    /// <summary>Reads at the window's start and then once a second, <paramref name="seconds"/> times at most.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            for (var k = 0; k <= seconds; k++)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), window.Start + k * Stopwatch.Frequency);
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait, ct);
                if (!server.TryRead(out var cpu, out var rss))
                    return;
                _readings.Add(new Reading(cpu.CpuSeconds, cpu.At, rss));
            }
        }
        catch (OperationCanceledException)
        {
            // The phase is over.
        }
    }

    public sealed record Reading(double CpuSeconds, DateTime At, long RssBytes);
}
