using System.Net;
using System.Net.Sockets;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>The secure default as an operator meets it: loopback unless anonymous clients are accepted on purpose.</summary>
[Collection(DevicesCollection.Name)]
public sealed class ListenerExposureTests(GatewayFixture fixture)
{
    [Fact]
    public void TheDefaultStartSaysTheListenersAreOnLoopbackAndHowToOpenThem()
    {
        var notice = Assert.Single(fixture.Gateway.Logs.Split('\n'), l => l.Contains("MQTT and HTTP listen on loopback only"));
        Assert.Contains("info:", notice);
        Assert.Contains("--allow-anonymous", notice);
    }

    [Fact]
    public async Task AnOpenListenerWithoutAllowAnonymousStopsTheStartWithTheReason()
    {
        var ports = FreePorts.Take(2);
        var data = Directory.CreateTempSubdirectory("gateway-it-exposure-").FullName;
        try
        {
            var result = await ExternalCommand.RunAsync(HostBinary.Dotnet,
                [HostBinary.DllPath, "--mqtt-port", $"{ports[0]}", "--http-port", $"{ports[1]}", "--data-dir", data, "--http-bind", "0.0.0.0"],
                TimeSpan.FromSeconds(60));

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains($"HTTP on 0.0.0.0:{ports[1]} would accept anyone who can reach it: no authentication is configured", result.StandardError);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task APortAnotherProcessHoldsStopsTheStartWithWhichListenerAndOption()
    {
        var ports = FreePorts.Take(2);
        using var holder = new TcpListener(IPAddress.Loopback, ports[0]);
        holder.Start();
        var data = Directory.CreateTempSubdirectory("gateway-it-port-in-use-").FullName;
        try
        {
            var result = await ExternalCommand.RunAsync(HostBinary.Dotnet,
                [HostBinary.DllPath, "--mqtt-port", $"{ports[0]}", "--http-port", $"{ports[1]}", "--data-dir", data],
                TimeSpan.FromSeconds(60));

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains($"gateway: cannot listen on port {ports[0]} for MQTT (--mqtt-port): another process already listens there", result.StandardError);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task AllowAnonymousStartsAndWarns()
    {
        await using var gateway = await GatewayProcess.StartAsync("anonymous", ["--mqtt-bind", "0.0.0.0", "--allow-anonymous"]);

        var notice = Assert.Single(gateway.Logs.Split('\n'), l => l.Contains($"MQTT on 0.0.0.0:{gateway.MqttPort} accepts clients from other machines without authentication"));
        Assert.Contains("warn:", notice);
        // Still reached from this machine, as every client of the tests is.
        Assert.Equal($"listening on 0.0.0.0:{gateway.MqttPort}", (await gateway.Api.GetAsync("readyz")).Json.StringAt("checks.broker"));
    }
}
