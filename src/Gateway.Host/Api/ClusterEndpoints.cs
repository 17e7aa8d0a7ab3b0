using Gateway.Host.Security;
using System.Text.Json;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Gateway.Contracts;
using Gateway.Devices.Actors;
using Gateway.Devices.Sharding;
using Gateway.Host.Hosting;
using Gateway.Http;
using Gateway.Protocols;

namespace Gateway.Host.Api;

/// <summary>
/// <c>GET /api/cluster</c>: the members (address, roles, status, up since, reachability), the
/// node that answered, the shards and live devices each member's region holds, and the
/// unreachable members; <c>?device=drone/Alpha-3</c> adds which member holds that device's shard.
/// </summary>
public static class ClusterEndpoints
{
    private static readonly TimeSpan StatsTimeout = TimeSpan.FromSeconds(3);

    public static void MapClusterEndpoints(this IEndpointRouteBuilder app) => app.MapGet("/api/cluster", Get).RequireAuthorization(ApiRoles.Admin);

    private static async Task<IResult> Get(string? device, ActorSystem system, IRequiredActor<DeviceRegion> region, DeviceMessageExtractor extractor,
        DeviceProfiles profiles, CancellationToken ct)
    {
        if (device is not null && (!DeviceKey.TryParse(device, out var key) || !profiles.TryGet(key.Kind, out _)))
            return Problems.Invalid("The device is not valid", [new("device", $"'{device}' is not a device of a known kind: kind/id or kind/org/id, such as drone/Alpha-3")]);

        var cluster = Cluster.Get(system);
        var state = cluster.State;
        // Regions that do not answer in time (an unreachable member) are left out of the statistics, not waited for.
        var stats = await (await region.GetAsync(ct)).Ask<ClusterShardingStats>(new GetClusterShardingStats(StatsTimeout), StatsTimeout + TimeSpan.FromSeconds(2), ct);
        var upSince = await MemberUpTimes.ReadAsync(system, ct);

        var members = state.Members.Select(m =>
        {
            var address = m.Address.ToString();
            var held = stats.Regions.TryGetValue(m.Address, out var regionStats) ? regionStats.Stats : null;
            return new ClusterMemberView(address, m.Roles.Order(StringComparer.Ordinal).ToList(), StatusName(m.Status),
                upSince.TryGetValue(address, out var since) ? since : null, !state.Unreachable.Contains(m),
                held?.Count, held?.Values.Sum());
        }).ToList();

        DeviceLocationView? location = null;
        if (device is not null)
        {
            var shard = extractor.ShardId(device);
            var holder = stats.Regions.FirstOrDefault(r => r.Value.Stats.ContainsKey(shard)).Key;
            location = new DeviceLocationView(device, shard, holder?.ToString());
        }
        return Results.Json(new ClusterView(cluster.SelfAddress.ToString(), state.Leader?.ToString(), members,
                state.Unreachable.Select(m => m.Address.ToString()).ToList(), location),
            ApiJsonContext.Default.ClusterView);
    }

    private static string StatusName(MemberStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());
}
