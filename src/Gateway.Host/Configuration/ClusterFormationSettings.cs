using Akka.Configuration;

namespace Gateway.Host.Configuration;

/// <summary>
/// How this node finds the others, from <c>gateway.cluster</c> and <c>akka.cluster.seed-nodes</c>.
/// No discovery and no seed nodes is the one-node cluster, which joins itself.
/// </summary>
public sealed record ClusterFormationSettings(
    string Discovery,
    string PublicHostname,
    int ManagementPort,
    IReadOnlyList<string> ContactPoints,
    int RequiredContactPoints,
    string ServiceName,
    string KubernetesPodLabelSelector,
    string KubernetesNamespace,
    TimeSpan JoinTimeout,
    IReadOnlyList<string> SeedNodes)
{
    public const string NoDiscovery = "none";
    public const string ConfigDiscovery = "config";
    public const string KubernetesDiscovery = "kubernetes";

    /// <summary>Whether this node is meant to form or join a cluster of more than itself.</summary>
    public bool IsMultiNode => Discovery != NoDiscovery || SeedNodes.Count > 0;

    public static ClusterFormationSettings From(Config config)
    {
        var c = config.GetConfig("gateway.cluster") ?? throw new ConfigurationException("gateway.cluster is missing");
        var discovery = DiscoveryKind(c.GetString("discovery"));
        var settings = new ClusterFormationSettings(
            discovery,
            c.GetString("public-hostname", ""),
            c.GetInt("management-port"),
            c.GetStringList("contact-points").Select(ContactPoint).ToList(),
            c.GetInt("required-contact-points"),
            c.GetString("service-name"),
            c.GetString("kubernetes.pod-label-selector"),
            c.GetString("kubernetes.namespace", ""),
            c.GetTimeSpan("join-timeout"),
            config.GetStringList("akka.cluster.seed-nodes")?.ToList() ?? []);
        if (settings.RequiredContactPoints < 1)
            throw new ArgumentException($"gateway.cluster.required-contact-points must be at least 1, not {settings.RequiredContactPoints}");
        if (discovery == ConfigDiscovery && settings.ContactPoints.Count == 0)
            throw new ArgumentException("config discovery needs the nodes' management endpoints: --contact-points host:port,host:port,... (GATEWAY_CONTACT_POINTS)");
        if (discovery != NoDiscovery && settings.SeedNodes.Count > 0)
            throw new ArgumentException("choose one way to join: cluster bootstrap (--discovery) or static seed nodes (GATEWAY_SEED_NODES / akka.cluster.seed-nodes), not both");
        return settings;
    }

    public static string DiscoveryKind(string value) => value switch
    {
        NoDiscovery or ConfigDiscovery or KubernetesDiscovery => value,
        _ => throw new ArgumentException($"discovery must be 'config' (a list of management endpoints) or 'kubernetes' (the Kubernetes API), not '{value}'"),
    };

    public static IReadOnlyList<string> ContactPointList(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ContactPoint).ToList();

    /// <summary>A management endpoint, <c>host:port</c>.</summary>
    private static string ContactPoint(string value)
    {
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
            throw new ArgumentException($"a contact point is a management endpoint host:port, such as 127.0.0.1:8558, not '{value}'");
        return value;
    }
}
