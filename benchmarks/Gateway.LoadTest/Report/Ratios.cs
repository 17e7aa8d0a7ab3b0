namespace Gateway.LoadTest.Report;

/// <summary>Works out the gateway-to-mosquitto ratios, leaving out any whose baseline figure is zero.</summary>
public static class Ratios
{
    public static RatioReport Of(PhaseReport target, PhaseReport baseline)
    {
        var t = target.Telemetry;
        var b = baseline.Telemetry;
        return new RatioReport(
            Divide(t.DeliveredPerSecond, b.DeliveredPerSecond),
            Divide(t.Latency.P50Ms, b.Latency.P50Ms),
            Divide(t.Latency.P90Ms, b.Latency.P90Ms),
            Divide(t.Latency.P99Ms, b.Latency.P99Ms),
            Divide(t.Latency.P999Ms, b.Latency.P999Ms));
    }

    private static double? Divide(double a, double b) => b > 0 ? Math.Round(a / b, 2) : null;
}
