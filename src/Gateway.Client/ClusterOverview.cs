using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Hosting;

namespace Gateway.Client;

/// <summary>The cluster's members as this client sees them, with the device shards each gateway node holds.</summary>
public sealed record ClusterOverview(string Self, string? Leader, IReadOnlyList<ClusterMemberOverview> Members)
{
    internal static async Task<ClusterOverview> ReadAsync(ActorSystem system, IRequiredActor<DeviceRegionProxy> region, TimeSpan timeout, CancellationToken ct)
    {
        var cluster = Cluster.Get(system);
        var state = cluster.State;
        // Regions that do not answer within the timeout (an unreachable node) are left out, not waited for.
        ClusterShardingStats? stats = null;
        try
        {
            stats = await (await region.GetAsync(ct)).Ask<ClusterShardingStats>(new GetClusterShardingStats(timeout), timeout + TimeSpan.FromSeconds(2), ct);
        }
        catch (AskTimeoutException)
        {
        }
        var members = state.Members.Select(m =>
        {
            var held = stats is not null && stats.Regions.TryGetValue(m.Address, out var shardStats) ? shardStats.Stats : null;
            return new ClusterMemberOverview(m.Address.ToString(), m.Roles.Order(StringComparer.Ordinal).ToList(), m.Status.ToString(),
                !state.Unreachable.Contains(m), held?.Count, held?.Values.Sum());
        }).ToList();
        return new ClusterOverview(cluster.SelfAddress.ToString(), state.Leader?.ToString(), members);
    }
}

/// <summary>One member; <see cref="Shards"/> and <see cref="Devices"/> are null for members that host none (clients) or did not answer.</summary>
public sealed record ClusterMemberOverview(string Address, IReadOnlyList<string> Roles, string Status, bool Reachable, int? Shards, int? Devices);
