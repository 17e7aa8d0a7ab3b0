using Gateway.Host.Configuration;
using Xunit;

namespace Gateway.Tests.Configuration;

/// <summary>
/// The cluster options as the host reads them: none is the one-node cluster; a cluster is refused
/// on SQLite or on the embedded broker, with a message saying what to add; bad values are refused.
/// </summary>
public sealed class ClusterConfigurationSpec
{
    private static readonly string HoconDir = Path.Combine(AppContext.BaseDirectory, "hocon");
    private static readonly string[] Postgres = ["--persistence", "postgres", "--connection-string", "Host=127.0.0.1;Database=gateway;Username=gateway"];
    private static readonly string[] ConfigDiscovery = ["--discovery", "config", "--contact-points", "127.0.0.1:8558,127.0.0.1:8559,127.0.0.1:8560"];

    private static GatewayConfig Load(params string[] args) => GatewayConfig.Load(CommandLine.Parse(args), HoconDir);

    /// <summary>The external broker is chosen in HOCON here, as an operator's --config file would.</summary>
    private static string ExternalBrokerFile()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("gateway-spec-").FullName, "external.hocon");
        File.WriteAllText(path, "gateway.mqtt.mode = external");
        return path;
    }

    [Fact]
    public void No_cluster_option_is_the_one_node_cluster()
    {
        var cluster = Load().Cluster;

        Assert.False(cluster.IsMultiNode);
        Assert.Equal(ClusterFormationSettings.NoDiscovery, cluster.Discovery);
    }

    [Fact]
    public void A_cluster_on_sqlite_is_refused_naming_postgres()
    {
        var e = Assert.Throws<ArgumentException>(() => Load([.. ConfigDiscovery, "--config", ExternalBrokerFile()]));

        Assert.Contains("--persistence postgres", e.Message);
    }

    [Fact]
    public void A_cluster_on_the_embedded_broker_is_refused_naming_the_external_mode()
    {
        var e = Assert.Throws<ArgumentException>(() => Load([.. ConfigDiscovery, .. Postgres]));

        Assert.Contains("--mqtt external", e.Message);
    }

    [Fact]
    public void Migrate_needs_no_broker_even_with_cluster_options()
    {
        var gateway = Load(["migrate", .. ConfigDiscovery, .. Postgres]);

        Assert.True(gateway.Cluster.IsMultiNode);
    }

    [Fact]
    public void Config_discovery_reads_every_option()
    {
        var gateway = Load([.. ConfigDiscovery, .. Postgres, "--config", ExternalBrokerFile(),
            "--cluster-port", "4053", "--management-port", "8559", "--public-hostname", "node-2.example", "--required-contact-points", "3"]);

        Assert.True(gateway.Cluster.IsMultiNode);
        Assert.Equal(["127.0.0.1:8558", "127.0.0.1:8559", "127.0.0.1:8560"], gateway.Cluster.ContactPoints);
        Assert.Equal(3, gateway.Cluster.RequiredContactPoints);
        Assert.Equal(8559, gateway.Cluster.ManagementPort);
        Assert.Equal(4053, gateway.Config.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal("node-2.example", gateway.Config.GetString("akka.remote.dot-netty.tcp.public-hostname"));
    }

    [Fact]
    public void Config_discovery_without_contact_points_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Load(["--discovery", "config", .. Postgres, "--config", ExternalBrokerFile()]));

        Assert.Contains("--contact-points", e.Message);
    }

    [Theory]
    [InlineData("--discovery", "dns", "'config'")]
    [InlineData("--contact-points", "127.0.0.1", "host:port")]
    [InlineData("--contact-points", "127.0.0.1:99999", "host:port")]
    [InlineData("--required-contact-points", "0", "at least 1")]
    [InlineData("--management-port", "http", "port number")]
    public void Bad_values_are_refused_saying_what_is_expected(string option, string value, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => CommandLine.Parse([option, value]));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void An_unknown_command_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => CommandLine.Parse(["migrat"]));

        Assert.Contains("unknown command 'migrat'", e.Message);
    }
}
