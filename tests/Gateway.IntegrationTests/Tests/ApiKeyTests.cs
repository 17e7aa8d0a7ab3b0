using System.Net.Http.Headers;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// The HTTP API with keys made by the host's own <c>api-key</c> sub-command, as an operator makes
/// them: 401 without a key, 403 for a role too low, both problem documents; health probes open;
/// and neither a key nor its hash in the log.
/// </summary>
public sealed class ApiKeyTests : IAsyncLifetime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private readonly Dictionary<string, string> _keys = [];
    private string _directory = "";
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("gateway-it-keys-").FullName;
        var file = Path.Combine(_directory, "api-keys");
        foreach (var (name, role) in new[] { ("dashboard", "read"), ("dispatch", "command"), ("ops", "admin") })
        {
            var made = await ExternalCommand.RunAsync(HostBinary.Dotnet, [HostBinary.DllPath, "api-key", file, name, role], CommandTimeout);
            Assert.True(made.Succeeded, made.ToString());
            _keys[role] = made.StandardOutput.Trim();
        }
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        _gateway = await GatewayProcess.StartAsync("api-keys", ["--api-keys", file, "--http-bind", "0.0.0.0"]);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task WithoutAKeyTheApiAnswers401AndTheHealthProbesStayOpen()
    {
        var device = await _gateway.Api.GetDeviceAsync("Alpha-3");
        var unknown = await As("not-a-key").GetDeviceAsync("Alpha-3");

        Assert.Equal(401, device.Status);
        Assert.Equal("application/problem+json", device.MediaType);
        Assert.Equal(401, unknown.Status);
        Assert.Equal(200, (await _gateway.Api.GetAsync("healthz")).Status);
        Assert.Equal(200, (await _gateway.Api.GetAsync("readyz")).Status);
        // Keys let the API listen on every interface without --allow-anonymous, and the start says so.
        Assert.Contains($"HTTP on 0.0.0.0:{_gateway.HttpPort} accept clients from other machines that authenticate", _gateway.Logs);
        using var bare = await _gateway.Http.GetAsync("api/devices/drone/Alpha-3");
        Assert.Equal("Bearer", bare.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task EachRoleReachesItsOwnEndpointsAndNoneAbove()
    {
        const string command = """{"command":"RETURN_TO_BASE"}""";

        var readerReads = await As(_keys["read"]).GetDeviceAsync("Alpha-3");
        var readerCommands = await As(_keys["read"]).PostCommandAsync("Alpha-3", command);
        var dispatcherCommands = await As(_keys["command"]).PostCommandAsync("Alpha-3", command);
        var dispatcherPublishes = await As(_keys["command"]).PostAsync("mqtt/publish", """{"topic":"it/x","payload":"x"}""");
        var adminPublishes = await As(_keys["admin"]).PostAsync("mqtt/publish", """{"topic":"it/x","payload":"x"}""");
        var adminCluster = await As(_keys["admin"]).GetAsync("api/cluster");

        Assert.NotEqual(401, readerReads.Status);
        Assert.NotEqual(403, readerReads.Status);
        Assert.Equal(403, readerCommands.Status);
        Assert.Equal("application/problem+json", readerCommands.MediaType);
        Assert.Contains("'dashboard'", readerCommands.Body);
        Assert.Equal(202, dispatcherCommands.Status);
        Assert.Equal(403, dispatcherPublishes.Status);
        Assert.True(adminPublishes.Status is >= 200 and < 300, adminPublishes.ToString());
        Assert.Equal(200, adminCluster.Status);
        foreach (var key in _keys.Values)
            Assert.DoesNotContain(key, _gateway.Logs);
        Assert.Contains("refused: the key 'dashboard' lacks the role this request needs", _gateway.Logs);
    }

    private GatewayApi As(string key)
    {
        var http = new HttpClient { BaseAddress = _gateway.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return new GatewayApi(http);
    }
}
