namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// Device, kit, thing and robot ids unique to one test, for every family: tests sharing a gateway
/// then never see each other's devices. Tests about a document's own example use its ids instead.
/// </summary>
public static class DeviceIds
{
    public static string New(string purpose) => $"{purpose}-{Guid.NewGuid().ToString("N")[..8]}";
}
