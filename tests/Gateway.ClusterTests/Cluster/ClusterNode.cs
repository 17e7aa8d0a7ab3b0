using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.ClusterTests.Cluster;

/// <summary>
/// One gateway process of the cluster with the two ports that make it a member: Akka remoting
/// (its address, as <c>/api/cluster</c> names it) and Akka.Management (what bootstrap probes).
/// </summary>
public sealed class ClusterNode(string name, int clusterPort, int managementPort, GatewayProcess process)
{
    public string Name { get; } = name;

    public int ClusterPort { get; } = clusterPort;

    public int ManagementPort { get; } = managementPort;

    public GatewayProcess Process { get; } = process;

    public string Address => $"akka.tcp://gateway@127.0.0.1:{ClusterPort}";

    public GatewayApi Api => Process.Api;

    public bool IsRunning => Process.IsRunning;

    /// <summary>Whether a member address (akka.tcp://gateway@host:port) is this node's: nodes differ by their cluster port.</summary>
    public bool Owns(string? address) => address is not null && ClusterAddress.PortOf(address) == ClusterPort;

    public override string ToString() => $"node {Name} (HTTP {Process.HttpPort}, cluster {ClusterPort}, management {ManagementPort})";
}
