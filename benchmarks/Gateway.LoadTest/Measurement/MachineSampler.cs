using System.Globalization;

namespace Gateway.LoadTest.Measurement;

/// <summary>
/// The whole machine's CPU use from /proc/stat, so the report can tell how much of the cores went
/// to processes outside the run (other builds on a shared machine), and the load average.
/// </summary>
public sealed class MachineSampler
{
    private (long Busy, long Total) _mark;

    public void Mark() => _mark = Read();

    /// <summary>Cores busy on average since <see cref="Mark"/>, all processes together.</summary>
    public double BusyCoresSinceMark()
    {
        var now = Read();
        var total = now.Total - _mark.Total;
        return total > 0 ? (double)(now.Busy - _mark.Busy) / total * Environment.ProcessorCount : 0;
    }

    /// <summary>The 1, 5 and 15 minute load averages.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static (long Busy, long Total) Read()
    {
        try
        {
            // "cpu  user nice system idle iowait irq softirq steal guest guest_nice"; guest time is
            // already in user, so only the first eight count.
            var line = File.ReadLines("/proc/stat").First();
            var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var total = values.Sum();
            var idle = values[3] + values[4];
            return (total - idle, total);
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            return (0, 0);
        }
    }
}
