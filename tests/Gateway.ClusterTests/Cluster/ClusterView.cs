using System.Net;
using System.Text.Json;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.ClusterTests.Cluster;

/// <summary>
/// <c>GET /api/cluster</c> as one node sees it: who answered, the leader, the members and who is
/// unreachable; with <c>?device=</c>, the member whose shard region hosts the device (null when its
/// shard is not allocated yet). <see cref="Response"/> keeps the raw answer for failure messages.
/// </summary>
public sealed record ClusterView(ApiResponse Response, string? AnsweredBy, string? Leader, IReadOnlyList<ClusterMember> Members, IReadOnlyList<string> Unreachable, string? DeviceMember)
{
    public bool Answered => Response.StatusCode == HttpStatusCode.OK;

    /// <summary>
    /// True when exactly <paramref name="nodes"/> are gateway members, every one up and reachable,
    /// and nobody is unreachable. Client processes (role <c>client</c>) may be members too.
    /// </summary>
    public bool HasExactlyUp(IReadOnlyCollection<ClusterNode> nodes)
    {
        var gateways = Members.Where(m => m.Roles.Contains("gateway")).ToList();
        return Answered
            && Unreachable.Count == 0
            && gateways.Count == nodes.Count
            && gateways.All(m => m.IsUp && m.Reachable && nodes.Any(n => n.Owns(m.Address)))
            && nodes.All(n => gateways.Any(m => n.Owns(m.Address)));
    }

    public static ClusterView From(ApiResponse response)
    {
        if (response.StatusCode != HttpStatusCode.OK)
            return new ClusterView(response, null, null, [], [], null);
        var json = response.Json;
        var members = json.Find("members") is { ValueKind: JsonValueKind.Array } list ? list.EnumerateArray().Select(ClusterMember.From).ToList() : [];
        var unreachable = json.Find("unreachable") is { ValueKind: JsonValueKind.Array } gone ? gone.EnumerateArray().Select(a => a.GetString() ?? "").ToList() : [];
        return new ClusterView(response, json.StringAt("answered_by"), json.StringAt("leader"), members, unreachable, json.StringAt("device.member"));
    }

    public override string ToString() => Response.ToString();
}
