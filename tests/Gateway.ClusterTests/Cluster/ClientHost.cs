using Gateway.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Gateway.ClusterTests.Cluster;

/// <summary>
/// This test process as another .NET service would be: a generic host with
/// <c>AddGatewayClient</c>, a member of the cluster with role <c>client</c>. Disposing it stops
/// the host, which leaves the cluster gracefully.
/// </summary>
public sealed class ClientHost : IAsyncDisposable
{
    private static readonly TimeSpan JoinDeadline = TimeSpan.FromSeconds(60);

    private readonly IHost _host;

    private ClientHost(IHost host) => _host = host;

    public GatewayClient Client => _host.Services.GetRequiredService<GatewayClient>();

    public static async Task<ClientHost> StartAsync(ClusterFixture cluster)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddGatewayClient(o =>
        {
            o.ContactPoints = cluster.ContactPoints.ToList();
            o.JoinTimeout = JoinDeadline;
        });
        var client = new ClientHost(builder.Build());
        await client._host.StartAsync();
        if (!await client.Client.WaitUntilJoinedAsync())
        {
            await client.DisposeAsync();
            Assert.Fail($"the client did not join the cluster through {string.Join(",", cluster.ContactPoints)} within {JoinDeadline}\n{cluster.Diagnostics()}");
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
