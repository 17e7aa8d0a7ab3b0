using System.Net;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>The probes a service manager or Kubernetes polls.</summary>
[Collection(DevicesCollection.Name)]
public sealed class HealthTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task LivenessAnswers200()
    {
        var response = await Gateway.Api.GetAsync("healthz");

        Assert.True(response.StatusCode == HttpStatusCode.OK, response.ToString());
        Assert.Equal("alive", response.Json.StringAt("status"));
    }

    [Fact]
    public async Task ReadinessAnswers200WithTheClusterJournalAndBrokerChecks()
    {
        var response = await Gateway.Api.GetAsync("readyz");

        Assert.True(response.StatusCode == HttpStatusCode.OK, response.ToString());
        Assert.Equal("ready", response.Json.StringAt("status"));
        Assert.Equal("up", response.Json.StringAt("checks.cluster"));
        Assert.Equal("available (sqlite)", response.Json.StringAt("checks.journal"));
        // With nobody authenticated the broker listens on loopback only.
        Assert.Equal($"listening on 127.0.0.1:{Gateway.MqttPort}", response.Json.StringAt("checks.broker"));
    }
}
