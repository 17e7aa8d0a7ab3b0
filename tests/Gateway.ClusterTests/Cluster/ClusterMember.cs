using System.Text.Json;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.ClusterTests.Cluster;

/// <summary>One entry of <c>members</c> in <c>GET /api/cluster</c>.</summary>
public sealed record ClusterMember(string Address, IReadOnlyList<string> Roles, string Status, bool Reachable)
{
    public bool IsUp => Status == "up";

    public static ClusterMember From(JsonElement member) => new(
        member.StringAt("address") ?? throw new Xunit.Sdk.XunitException($"a member without an address: {member}"),
        member.Find("roles") is { ValueKind: JsonValueKind.Array } roles ? roles.EnumerateArray().Select(r => r.GetString() ?? "").ToList() : [],
        member.StringAt("status") ?? "",
        member.Find("reachable") is { ValueKind: JsonValueKind.True });

    public override string ToString() => $"{Address} {Status}{(Reachable ? "" : " unreachable")} [{string.Join(',', Roles)}]";
}
