namespace Gateway.LoadTest.Families;

/// <summary>The one organization the simulated devices of tenant families (ESP32, Petal) belong to.</summary>
public static class SimulatedOrg
{
    public const string Name = "loadtest";
}
