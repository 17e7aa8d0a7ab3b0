namespace Gateway.ClusterTests.Cluster;

/// <summary>Akka member addresses as <c>/api/cluster</c> spells them: <c>akka.tcp://gateway@127.0.0.1:4053</c>.</summary>
public static class ClusterAddress
{
    /// <summary>The port of an address, or null when it has none; every node of the fixture is on 127.0.0.1, so the port names it.</summary>
    public static int? PortOf(string address)
    {
        var colon = address.LastIndexOf(':');
        return colon >= 0 && int.TryParse(address.AsSpan(colon + 1).TrimEnd('/'), out var port) ? port : null;
    }
}
