using Gateway.Host.Configuration;
using Xunit;

namespace Gateway.Tests.Configuration;

/// <summary>
/// With nobody authenticated the listeners stay on loopback, as mosquitto 2's are: opening one to
/// other machines is refused unless anonymous clients are accepted on purpose.
/// </summary>
public sealed class ListenerExposureSpec
{
    private static readonly string HoconDir = Path.Combine(AppContext.BaseDirectory, "hocon");

    private static GatewayConfig Load(params string[] args) => GatewayConfig.Load(CommandLine.Parse(args), HoconDir);

    [Fact]
    public void By_default_both_listeners_are_on_loopback_and_the_notice_says_how_to_open_them()
    {
        var gateway = Load();

        Assert.Equal("127.0.0.1", gateway.Config.GetString("gateway.mqtt.bind"));
        Assert.Equal("127.0.0.1", gateway.Config.GetString("gateway.http.bind"));
        Assert.False(gateway.Exposure.IsOpen);
        Assert.Contains("loopback only", gateway.Exposure.Notice);
        Assert.Contains("--allow-anonymous", gateway.Exposure.Notice);
    }

    [Theory]
    [InlineData("--mqtt-bind", "0.0.0.0", "MQTT on 0.0.0.0:1883")]
    [InlineData("--http-bind", "0.0.0.0", "HTTP on 0.0.0.0:8080")]
    [InlineData("--http-bind", "192.168.1.20", "HTTP on 192.168.1.20:8080")]
    public void A_listener_open_to_other_machines_is_refused_without_allow_anonymous(string option, string address, string listener)
    {
        var e = Assert.Throws<ArgumentException>(() => Load(option, address));

        Assert.StartsWith($"{listener} would accept anyone", e.Message);
        Assert.Contains("--allow-anonymous", e.Message);
    }

    [Fact]
    public void Allow_anonymous_opens_them_and_is_warned_about()
    {
        var exposure = Load("--mqtt-bind", "0.0.0.0", "--http-bind", "0.0.0.0", "--allow-anonymous").Exposure;

        Assert.True(exposure.IsOpen);
        Assert.Equal(["MQTT on 0.0.0.0:1883", "HTTP on 0.0.0.0:8080"], exposure.Exposed);
        Assert.StartsWith("MQTT on 0.0.0.0:1883 and HTTP on 0.0.0.0:8080 accept clients from other machines without authentication", exposure.Notice);
    }

    [Fact]
    public void Listeners_whose_clients_authenticate_open_without_allow_anonymous_and_say_so()
    {
        var exposure = Load("--mqtt-bind", "0.0.0.0", "--http-bind", "0.0.0.0", "--password-file", "users.passwd", "--api-keys", "api-keys").Exposure;

        Assert.Null(exposure.Refusal);
        Assert.False(exposure.IsOpen);
        Assert.Equal("MQTT on 0.0.0.0:1883 and HTTP on 0.0.0.0:8080 accept clients from other machines that authenticate", exposure.Notice);
    }

    [Fact]
    public void Api_keys_open_the_http_listener_alone_and_the_notice_names_it_alone()
    {
        var exposure = Load("--http-bind", "0.0.0.0", "--api-keys", "api-keys").Exposure;

        Assert.Null(exposure.Refusal);
        Assert.Equal("HTTP on 0.0.0.0:8080 accepts clients from other machines that authenticate", exposure.Notice);
    }

    [Fact]
    public void Authentication_configured_with_the_listeners_on_loopback_is_not_called_absent()
    {
        var exposure = Load("--api-keys", "api-keys", "--password-file", "users.passwd").Exposure;

        Assert.False(exposure.IsOpen);
        Assert.StartsWith("MQTT and HTTP listen on loopback only: only clients on this machine can connect", exposure.Notice);
        Assert.DoesNotContain("no authentication", exposure.Notice);
        Assert.Contains("--api-keys for HTTP", exposure.Notice);
    }

    [Fact]
    public void Required_client_certificates_authenticate_mqtt_but_not_http()
    {
        var e = Assert.Throws<ArgumentException>(() => Load("--mqtt-bind", "0.0.0.0", "--http-bind", "0.0.0.0",
            "--tls-cert", "server.crt", "--tls-key", "server.key", "--tls-ca", "ca.crt", "--tls-client-certs", "require"));

        Assert.StartsWith("HTTP on 0.0.0.0:8080 would accept anyone", e.Message);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("::1")]
    [InlineData("127.0.0.2")]
    public void Every_loopback_address_counts_as_loopback(string address) =>
        Assert.False(Load("--mqtt-bind", address, "--http-bind", address).Exposure.IsOpen);

    [Fact]
    public void The_external_broker_mode_opens_no_mqtt_listener() =>
        Assert.Empty(Load("--mqtt", "external", "--broker", "mqtt://127.0.0.1:1884", "--mqtt-bind", "0.0.0.0").Exposure.Exposed);

    [Fact]
    public void Migrate_listens_on_nothing_and_is_not_refused() =>
        Assert.True(Load("migrate", "--http-bind", "0.0.0.0").Exposure.IsOpen);
}
