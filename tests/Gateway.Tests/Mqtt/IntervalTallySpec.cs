using Gateway.Mqtt;
using Xunit;

namespace Gateway.Tests.Mqtt;

/// <summary>A flood's warnings: the first is reported at once, the rest once per interval with how many there were.</summary>
public sealed class IntervalTallySpec
{
    [Fact]
    public void The_first_is_reported_then_one_report_per_interval_counts_everything_since()
    {
        // Two seconds, so that a stalled test thread still adds the 99 within the interval.
        var tally = new IntervalTally(TimeSpan.FromSeconds(2));
        Assert.Equal(1, tally.Add());
        for (var i = 0; i < 99; i++)
            Assert.Equal(0, tally.Add());
        Thread.Sleep(2200);
        Assert.Equal(100, tally.Add());
        Assert.Equal(0, tally.Add());
    }

    [Fact]
    public void Counted_from_many_threads_nothing_is_lost()
    {
        var tally = new IntervalTally(TimeSpan.FromMilliseconds(20));
        long reported = 0;
        Parallel.For(0, 200_000, _ => Interlocked.Add(ref reported, tally.Add()));
        Thread.Sleep(50);
        reported += tally.Add() - 1;
        Assert.Equal(200_000, reported);
    }
}
