namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>Drone ids unique to one test, so tests sharing a gateway never see each other's drones.</summary>
public static class DroneIds
{
    public static string New(string purpose) => $"{purpose}-{Guid.NewGuid().ToString("N")[..8]}";
}
