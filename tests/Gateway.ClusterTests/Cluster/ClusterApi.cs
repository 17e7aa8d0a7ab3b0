using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.ClusterTests.Cluster;

/// <summary>The cluster route of the API, beside the device routes of <see cref="GatewayApi"/>.</summary>
public static class ClusterApi
{
    public static async Task<ClusterView> GetClusterAsync(this GatewayApi api, DeviceRoute? device = null) =>
        ClusterView.From(await api.GetAsync(device is null ? "api/cluster" : $"api/cluster?device={Uri.EscapeDataString(device.EntityId)}"));
}
