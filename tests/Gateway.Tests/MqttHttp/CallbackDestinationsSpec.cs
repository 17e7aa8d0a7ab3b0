using System.Net;
using System.Net.Sockets;
using Gateway.MqttHttp;
using Xunit;

namespace Gateway.Tests.MqttHttp;

/// <summary>Callbacks reach only the networks and names the operator allows (loopback by default), checked at subscribe and at every connection.</summary>
public sealed class CallbackDestinationsSpec
{
    private static readonly CallbackDestinations Default =
        new(ConfigurationOfTheShippedHocon());

    private static IEnumerable<string> ConfigurationOfTheShippedHocon() =>
        TestConfig.Gateway.GetStringList("gateway.mqtt-http.callback.allowed-destinations");

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.9.8.7", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.0.0.5", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("192.168.1.1", false)]
    public void The_shipped_setting_allows_loopback_only(string address, bool allowed) =>
        Assert.Equal(allowed, Default.Allows(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://127.0.0.1:9000/cb")]
    [InlineData("http://localhost:9000/cb")]
    [InlineData("http://[::1]:9000/cb")]
    public async Task A_loopback_callback_is_accepted(string url) =>
        Assert.Null(await Default.RefusalAsync(new Uri(url), CancellationToken.None));

    [Theory]
    [InlineData("http://10.1.2.3/cb", "'10.1.2.3' is not an allowed callback destination")]
    [InlineData("http://169.254.169.254/latest/meta-data", "'169.254.169.254' is not an allowed callback destination")]
    public async Task Another_network_is_refused_naming_the_setting(string url, string reason)
    {
        var refusal = await Default.RefusalAsync(new Uri(url), CancellationToken.None);
        Assert.NotNull(refusal);
        Assert.StartsWith(reason, refusal);
        Assert.Contains("gateway.mqtt-http.callback.allowed-destinations: 127.0.0.0/8, ::1/128", refusal);
    }

    [Fact]
    public async Task A_name_resolving_outside_the_networks_is_refused_unless_it_is_listed()
    {
        Assert.NotNull(await new CallbackDestinations(["10.0.0.0/8"]).RefusalAsync(new Uri("http://localhost/cb"), CancellationToken.None));
        Assert.Null(await new CallbackDestinations(["10.0.0.0/8", "localhost"]).RefusalAsync(new Uri("http://localhost/cb"), CancellationToken.None));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("not a host!")]
    public void A_bad_entry_is_refused(string entry) =>
        Assert.Throws<ArgumentException>(() => new CallbackDestinations([entry]));

    [Fact]
    public async Task The_callback_client_connects_to_an_allowed_address_and_refuses_any_other()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/cb");

        var allowed = MqttHttpTestSettings.With();
        using (var client = CallbackDelivery.CreateClient(allowed))
        {
            _ = client.PostAsync(url, new StringContent("{}")); // answered never: only the connection matters here
            using var accepted = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(accepted.Connected);
        }

        var elsewhere = allowed with { CallbackDestinations = new CallbackDestinations(["10.0.0.0/8"]) };
        using var refusing = CallbackDelivery.CreateClient(elsewhere);
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => refusing.PostAsync(url, new StringContent("{}")));
        Assert.Contains("is not an allowed callback destination", e.ToString());
        Assert.False(listener.Pending());
    }
}
