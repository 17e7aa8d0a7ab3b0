using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Gateway.Devices.Sharding;

namespace Gateway.Client;

/// <summary>The cluster's members as this client sees them, with the device shards each gateway node holds.</summary>
public sealed record ClusterOverview(string Self, string? Leader, IReadOnlyList<ClusterMemberOverview> Members)
{
    internal static async Task<ClusterOverview> ReadAsync(ActorSystem system, IRequiredActor<DeviceRegion> region, TimeSpan timeout, CancellationToken ct)
    {
        var cluster = Cluster.Get(system);
        var state = cluster.State;
        var stats = await ShardStatsAsync(region, state, timeout, ct);
        var members = state.Members.Select(m =>
        {
            var held = stats is not null && stats.Regions.TryGetValue(m.Address, out var shardStats) ? shardStats.Stats : null;
            return new ClusterMemberOverview(m.Address.ToString(), m.Roles.Order(StringComparer.Ordinal).ToList(), m.Status.ToString(),
                !state.Unreachable.Contains(m), held?.Count, held?.Values.Sum());
        }).ToList();
        return new ClusterOverview(cluster.SelfAddress.ToString(), state.Leader?.ToString(), members);
    }

    /// <summary>
    /// The shards each gateway region holds. A proxy that has just joined answers with no regions
    /// until it has registered with the shard coordinator, so an empty answer is asked again.
    /// Regions that do not answer (an unreachable node) are left out, not waited for.
    /// </summary>
    private static async Task<ClusterShardingStats?> ShardStatsAsync(IRequiredActor<DeviceRegion> region, ClusterEvent.CurrentClusterState state,
        TimeSpan timeout, CancellationToken ct)
    {
        var proxy = await region.GetAsync(ct);
        var deadline = DateTime.UtcNow + timeout;
        var regionTimeout = TimeSpan.FromSeconds(3);
        var gatewayUp = state.Members.Any(m => m.HasRole(GatewayClientOptions.GatewayRole) && m.Status == MemberStatus.Up);
        while (true)
        {
            try
            {
                var stats = await proxy.Ask<ClusterShardingStats>(new GetClusterShardingStats(regionTimeout), regionTimeout + TimeSpan.FromSeconds(2), ct);
                if (stats.Regions.Count > 0 || !gatewayUp || DateTime.UtcNow > deadline)
                    return stats;
            }
            catch (AskTimeoutException) when (DateTime.UtcNow < deadline)
            {
            }
            catch (AskTimeoutException)
            {
                return null;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }
    }
}

/// <summary>One member; <see cref="Shards"/> and <see cref="Devices"/> are null for members that host none (clients) or did not answer.</summary>
public sealed record ClusterMemberOverview(string Address, IReadOnlyList<string> Roles, string Status, bool Reachable, int? Shards, int? Devices);
