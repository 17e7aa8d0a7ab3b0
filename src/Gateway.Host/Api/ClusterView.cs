namespace Gateway.Host.Api;

/// <summary><c>GET /api/cluster</c>: the members as the answering node sees them.</summary>
public sealed record ClusterView(
    string AnsweredBy,
    string? Leader,
    IReadOnlyList<ClusterMemberView> Members,
    IReadOnlyList<string> Unreachable,
    DeviceLocationView? Device);

/// <summary>One member: <c>status</c> is Akka's member status in snake case (<c>up</c>, <c>leaving</c>, <c>weakly_up</c>, ...).</summary>
public sealed record ClusterMemberView(
    string Address,
    IReadOnlyList<string> Roles,
    string Status,
    DateTimeOffset? UpSince,
    bool Reachable,
    int? Shards,
    int? Devices);

/// <summary>Where a device's shard lives; <c>member</c> is null while the shard is not allocated (nobody wrote to it yet).</summary>
public sealed record DeviceLocationView(string EntityId, string Shard, string? Member);
