namespace Gateway.Client;

/// <summary>
/// How a client process joins the gateway's cluster. It joins with role <c>client</c>: it hosts
/// no device and never starts a cluster of its own, so it only becomes a member of one that runs.
/// </summary>
public sealed class GatewayClientOptions
{
    /// <summary>The gateway nodes' management endpoints (<c>host:port</c>), as the host's <c>--contact-points</c> takes them.</summary>
    public IList<string> ContactPoints { get; set; } = [];

    /// <summary>
    /// <c>config</c> (the <see cref="ContactPoints"/>) or <c>kubernetes</c> (the pods labelled
    /// <c>app={ServiceName}</c>, for a client running in the gateway's namespace).
    /// </summary>
    public string Discovery { get; set; } = "config";

    /// <summary>The gateway's service name, as the host's <c>gateway.cluster.service-name</c>.</summary>
    public string ServiceName { get; set; } = "gateway";

    /// <summary>Static seed nodes (<c>akka.tcp://gateway@host:port</c>) instead of discovery, e.g. a one-node gateway started with <c>--cluster-port</c>.</summary>
    public IList<string> SeedNodes { get; set; } = [];

    /// <summary>The interface this process's remoting listens on; gateway nodes connect back to it.</summary>
    public string Hostname { get; set; } = "127.0.0.1";

    /// <summary>This process's remoting port; 0 takes any free one.</summary>
    public int Port { get; set; }

    /// <summary>The address gateway nodes reach this process at, if not <see cref="Hostname"/> (a pod IP, a NAT).</summary>
    public string? PublicHostname { get; set; }

    /// <summary>Must equal the gateway's <c>gateway.sharding.max-shards</c>: it decides which shard holds a device.</summary>
    public int MaxShards { get; set; } = 100;

    /// <summary>How long one call waits for the device actor's answer before it reports the gateway unavailable.</summary>
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a command call with an outcome waits for the device's acknowledgement (the gateway's own timeouts and retries settle it sooner).</summary>
    public TimeSpan CommandWaitLimit { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long <see cref="GatewayClient.WaitUntilJoinedAsync"/> waits for this process to become a member.</summary>
    public TimeSpan JoinTimeout { get; set; } = TimeSpan.FromSeconds(30);

    internal const string SystemName = "gateway";
    internal const string Role = "client";
    internal const string GatewayRole = Gateway.Devices.Watching.DeviceWatchSubscriber.GatewayRole;
    /// <summary>The gateway nodes' remoting frame (<c>akka.remote.dot-netty.tcp.maximum-frame-size</c> in hocon/cluster.hocon).</summary>
    internal const int MaxFrameBytes = 512 * 1024;

    internal void Validate()
    {
        if (SeedNodes.Count == 0 && Discovery == "config" && ContactPoints.Count == 0)
            throw new ArgumentException("the gateway client needs contact points (the gateway nodes' management endpoints, host:port) or seed nodes");
        if (Discovery is not ("config" or "kubernetes"))
            throw new ArgumentException($"discovery '{Discovery}' is not config or kubernetes");
        foreach (var point in ContactPoints)
            if (!ContactPoint.TryParse(point, out _, out _))
                throw new ArgumentException($"contact point '{point}' is not host:port");
    }
}
