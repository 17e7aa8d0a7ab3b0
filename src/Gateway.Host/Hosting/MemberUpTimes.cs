using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;

namespace Gateway.Host.Hosting;

/// <summary>
/// When each member became up, for <c>GET /api/cluster</c>: Akka's membership has an up order
/// but no time. Each node writes its own time into a replicated map when it is up, and every
/// node reads its local replica, so answering costs no round trip to the other members.
/// </summary>
public static class MemberUpTimes
{
    private static readonly LWWDictionaryKey<string, long> Key = new("gateway-member-up-since");
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Called once at start: writes this node's time as soon as it is up.</summary>
    public static void Record(ActorSystem system)
    {
        var cluster = Cluster.Get(system);
        cluster.RegisterOnMemberUp(() =>
        {
            var self = cluster.SelfUniqueAddress;
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            DistributedData.Get(system).Replicator.Tell(Dsl.Update(Key, LWWDictionary<string, long>.Empty, WriteLocal.Instance,
                map => WithoutFormerMembers(map, cluster, self).SetItem(self, self.Address.ToString(), now)));
        });
    }

    /// <summary>
    /// Drops the entries of addresses that are no longer members, so that the map holds the
    /// current members rather than every incarnation a restarted pod ever had (its address changes).
    /// </summary>
    private static LWWDictionary<string, long> WithoutFormerMembers(LWWDictionary<string, long> map, Cluster cluster, UniqueAddress self)
    {
        var members = cluster.State.Members.Select(m => m.Address.ToString()).ToHashSet();
        foreach (var address in map.Keys.Where(a => !members.Contains(a)).ToList())
            map = map.Remove(self, address);
        return map;
    }

    /// <summary>Member address to up time, as this node's replica knows them now.</summary>
    public static async Task<IReadOnlyDictionary<string, DateTimeOffset>> ReadAsync(ActorSystem system, CancellationToken ct)
    {
        var reply = await DistributedData.Get(system).Replicator.Ask<IGetResponse>(Dsl.Get(Key, ReadLocal.Instance), ReadTimeout, ct);
        return reply is GetSuccess success
            ? success.Get(Key).Entries.ToDictionary(e => e.Key, e => DateTimeOffset.FromUnixTimeMilliseconds(e.Value))
            : new Dictionary<string, DateTimeOffset>();
    }
}
