using Akka.Configuration;
using Gateway.Host.Configuration;
using Gateway.Mqtt;
using Xunit;

namespace Gateway.Tests.Configuration;

/// <summary>The MQTT transport's options: the broker URL, the command line, and the settings they make.</summary>
public sealed class MqttOptionsSpec
{
    private static readonly string HoconDir = Path.Combine(AppContext.BaseDirectory, "hocon");

    [Theory]
    [InlineData("mqtt://127.0.0.1:1884", false, "127.0.0.1", 1884, "mqtt://127.0.0.1:1884")]
    [InlineData("mqtt://broker.example", false, "broker.example", 1883, "mqtt://broker.example:1883")]
    [InlineData("mqtts://broker.example", true, "broker.example", 8883, "mqtts://broker.example:8883")]
    [InlineData("mqtts://broker.example:9883/", true, "broker.example", 9883, "mqtts://broker.example:9883")]
    [InlineData("mqtt://[::1]:1884", false, "::1", 1884, "mqtt://[::1]:1884")]
    public void A_broker_url_names_the_scheme_host_and_port(string url, bool tls, string host, int port, string shown)
    {
        var broker = BrokerUrl.Parse(url);

        Assert.Equal(new BrokerUrl(tls, host, port), broker);
        Assert.Equal(shown, broker.ToString());
    }

    [Theory]
    [InlineData("http://broker:1883")]
    [InlineData("broker:1883")]
    [InlineData("127.0.0.1")]
    [InlineData("mqtt://")]
    [InlineData("mqtt://user:secret@broker:1883")]
    [InlineData("mqtt://broker:1883/topic")]
    [InlineData("mqtt://broker:1883?x=1")]
    public void A_bad_broker_url_is_an_option_error(string url)
    {
        Assert.Throws<ArgumentException>(() => BrokerUrl.Parse(url));
        Assert.Throws<ArgumentException>(() => CommandLine.Parse(["--mqtt", "external", "--broker", url]));
    }

    [Fact]
    public void The_default_is_the_embedded_broker()
    {
        var settings = MqttTransportSettings.From(Load([]));

        Assert.Null(settings.External);
        Assert.Equal(1883, settings.Embedded.Port);
    }

    [Fact]
    public void The_command_line_selects_the_external_broker_and_its_settings()
    {
        var config = Load(["--mqtt", "external", "--broker", "mqtt://127.0.0.1:1884", "--broker-username", "gw", "--broker-password=s3cret \"quoted\"", "--share-group", "plant-7"]);

        var external = MqttTransportSettings.From(config).External!;

        Assert.Equal(new BrokerUrl(false, "127.0.0.1", 1884), external.Broker);
        Assert.Equal("gw", external.Username);
        Assert.Equal("s3cret \"quoted\"", external.Password);
        Assert.Equal("plant-7", external.ShareGroup);
        Assert.True(external.Mqtt5);
        Assert.StartsWith($"gateway-{Environment.MachineName}-", external.ClientId);
        Assert.Equal(TimeSpan.FromMilliseconds(500), external.ReconnectBackoff);
        Assert.Equal(TimeSpan.FromSeconds(30), external.ReconnectBackoffMax);
        Assert.DoesNotContain("s3cret", external.ToString());
    }

    [Fact]
    public void Every_node_gets_its_own_client_id_unless_one_is_configured()
    {
        var config = Load(["--mqtt", "external", "--broker", "mqtt://broker"]);

        Assert.NotEqual(MqttTransportSettings.From(config).External!.ClientId, MqttTransportSettings.From(config).External!.ClientId);
        var fixedId = ConfigurationFactory.ParseString("gateway.mqtt.external.client-id = node-a").WithFallback(config);
        Assert.Equal("node-a", MqttTransportSettings.From(fixedId).External!.ClientId);
    }

    [Theory]
    [InlineData("--mqtt", "bogus")]
    [InlineData("--broker", "tcp://broker")]
    public void A_bad_option_value_is_refused_on_the_command_line(string option, string value) =>
        Assert.Throws<ArgumentException>(() => CommandLine.Parse([option, value]));

    [Theory]
    [InlineData("gateway.mqtt.external.broker = \"\"")]
    [InlineData("gateway.mqtt.external.protocol-version = \"4\"")]
    [InlineData("gateway.mqtt.external.share-group = \"a/b\"")]
    [InlineData("gateway.mqtt.external.ca = \"/etc/ca.pem\"")]
    [InlineData("gateway.mqtt.external.client-cert = \"/etc/cert.pem\"")]
    [InlineData("gateway.mqtt.mode = cluster")]
    public void Settings_that_cannot_work_stop_the_start(string hocon)
    {
        var config = ConfigurationFactory.ParseString(hocon).WithFallback(Load(["--mqtt", "external", "--broker", "mqtt://broker"]));

        Assert.Throws<ArgumentException>(() => MqttTransportSettings.From(config));
    }

    [Fact]
    public void MQTT_3_1_1_can_be_chosen()
    {
        var config = ConfigurationFactory.ParseString("gateway.mqtt.external.protocol-version = \"3.1.1\"").WithFallback(Load(["--mqtt", "external", "--broker", "mqtt://broker"]));

        Assert.False(MqttTransportSettings.From(config).External!.Mqtt5);
    }

    private static Config Load(string[] args) => GatewayConfig.Load(CommandLine.Parse(args), HoconDir).Config;
}
