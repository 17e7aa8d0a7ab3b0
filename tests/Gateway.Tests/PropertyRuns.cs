namespace Gateway.Tests;

/// <summary>
/// How many inputs a property tries. The suite runs each one briefly; a long fuzzing run sets
/// <c>GATEWAY_PROPERTY_ITERATIONS</c> (benchmarks/README.md records the last one) and picks the
/// properties with <c>--filter</c>, so one variable scales them all.
/// </summary>
public static class PropertyRuns
{
    public const string Variable = "GATEWAY_PROPERTY_ITERATIONS";

    public static long Iterations(long inSuite) =>
        long.TryParse(Environment.GetEnvironmentVariable(Variable), out var n) && n > 0 ? n : inSuite;
}
