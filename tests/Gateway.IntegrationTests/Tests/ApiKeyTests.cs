using System.Net.Http.Headers;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// The HTTP API with keys made by the host's own <c>api-key</c> sub-command, as an operator makes
/// them: 401 without a key or with an unknown one, 403 for a role too low, both problem documents;
/// health probes open; refusals logged at a bounded rate, and neither a key nor its hash in the log.
/// </summary>
public sealed class ApiKeyTests(ApiKeyGatewayFixture fixture) : IClassFixture<ApiKeyGatewayFixture>
{
    private const string ReturnToBase = """{"command":"RETURN_TO_BASE"}""";
    private const string Publication = """{"topic":"it/api-keys","payload":"x"}""";

    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task WithoutAKeyTheApiAnswers401AndTheHealthProbesStayOpen()
    {
        var anonymous = Gateway.Api;
        var read = await anonymous.GetDeviceAsync("Keyless-1");
        var command = await anonymous.PostCommandAsync("Keyless-1", ReturnToBase);
        var unknown = await fixture.As("not-a-key").GetDeviceAsync("Keyless-1");
        var directory = await anonymous.GetAsync("api/devices?kind=drone");
        // A client that accepts no JSON still gets the 401 (a problem document, as the API's 404s are), not a 500.
        var plain = await fixture.With(http => http.DefaultRequestHeaders.Accept.ParseAdd("text/plain")).GetDeviceAsync("Keyless-1");

        foreach (var refused in new[] { read, command, unknown, plain, directory })
        {
            Assert.True(refused.Status == 401, refused.ToString());
            Assert.Equal("application/problem+json", refused.MediaType);
            Assert.Equal(401, refused.Json.GetProperty("status").GetInt32());
        }
        Assert.Contains("Authorization: Bearer KEY", read.Body);
        Assert.Contains("not one this gateway knows", unknown.Body);
        using (var bare = await Gateway.Http.GetAsync("api/devices/drone/Keyless-1"))
            Assert.Equal("Bearer", bare.Headers.WwwAuthenticate.ToString());

        Assert.Equal(200, (await anonymous.GetAsync("healthz")).Status);
        Assert.Equal(200, (await anonymous.GetAsync("readyz")).Status);
        // A probe sending a stale key is not refused either.
        Assert.Equal(200, (await fixture.As("not-a-key").GetAsync("readyz")).Status);
        // Keys let the API listen on every interface without --allow-anonymous, and the start says so.
        Assert.Contains($"HTTP on 0.0.0.0:{Gateway.HttpPort} accepts clients from other machines that authenticate", Gateway.Logs);
    }

    [Fact]
    public async Task EachRoleReachesItsOwnEndpointsAndNoneAbove()
    {
        var reader = fixture.As(fixture.Keys["read"]);
        var dispatcher = fixture.As(fixture.Keys["command"]);
        var ops = fixture.As(fixture.Keys["admin"]);

        var readerCommands = await reader.PostCommandAsync("Keyed-1", ReturnToBase);
        var dispatcherCommands = await dispatcher.PostCommandAsync("Keyed-1", ReturnToBase);
        Assert.True(dispatcherCommands.Status == 202, dispatcherCommands.ToString());
        var commandId = dispatcherCommands.Json.GetProperty("command_id").GetString()!;

        // read: the device view, the command's status and the directory, nothing that changes the device.
        Assert.Equal(403, readerCommands.Status);
        Assert.Equal("application/problem+json", readerCommands.MediaType);
        Assert.Contains("The API key 'dashboard' does not have the role", readerCommands.Body);
        AssertStatus(200, await reader.GetDeviceAsync("Keyed-1"));
        AssertStatus(200, await reader.GetCommandAsync("Keyed-1", commandId));
        AssertStatus(200, await reader.GetAsync("api/devices?kind=drone"));
        AssertStatus(403, await reader.PutDesiredAsync("Keyed-1", """{"speed":4}"""));
        AssertStatus(403, await reader.GetAsync("mqtt/status"));

        // command: commands and desired state besides reading, but not /mqtt/* nor the cluster.
        AssertStatus(200, await dispatcher.GetDeviceAsync("Keyed-1"));
        var desired = await dispatcher.PutDesiredAsync("Keyed-1", """{"speed":4}""");
        Assert.True(desired.Status is not (401 or 403), desired.ToString());
        AssertStatus(403, await dispatcher.PostAsync("mqtt/publish", Publication));
        AssertStatus(403, await dispatcher.GetAsync("api/cluster"));

        // admin: everything.
        var published = await ops.PostAsync("mqtt/publish", Publication);
        Assert.True(published.Status is >= 200 and < 300, published.ToString());
        AssertStatus(200, await ops.GetAsync("mqtt/status"));
        AssertStatus(200, await ops.GetAsync("api/cluster"));
        AssertStatus(202, await ops.PostCommandAsync("Keyed-1", ReturnToBase));

        await Eventually.Until(() => Task.FromResult(Gateway.Logs),
            logs => logs.Contains("refused (role): the key 'dashboard' lacks the role this request needs"), "the refusal of 'dashboard' in the log", Gateway);
    }

    [Fact]
    public async Task TheKeyMayComeAsAnXApiKeyHeaderWhichComesFirst()
    {
        var ops = fixture.With(http => http.DefaultRequestHeaders.Add("X-API-Key", fixture.Keys["admin"]));
        var reader = fixture.With(http => http.DefaultRequestHeaders.Add("X-API-Key", fixture.Keys["read"]));

        AssertStatus(200, await ops.GetAsync("api/cluster"));
        // Known but too low: 403, not 401.
        AssertStatus(403, await reader.GetAsync("api/cluster"));
        // Behind a proxy that passes its own bearer token along, X-API-Key is the key.
        var proxied = fixture.With(http =>
        {
            http.DefaultRequestHeaders.Add("X-API-Key", fixture.Keys["admin"]);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "the-proxy-s-own-token");
        });
        AssertStatus(200, await proxied.GetAsync("api/cluster"));
    }

    [Fact]
    public async Task RefusalsAreLoggedAtABoundedRateWithoutAnyKeyOrHash()
    {
        const string guessed = "guessed-key-0123456789";
        const int attempts = 60;
        const string line = "refused (unknown): an unknown API key was presented";
        var before = Count(Gateway.Logs, line);

        var guesser = fixture.As(guessed);
        for (var i = 0; i < attempts; i++)
            AssertStatus(401, await guesser.GetDeviceAsync("Guessed-1"));

        await Eventually.Until(() => Task.FromResult(Count(Gateway.Logs, line) - before), logged => logged > 0, "an unknown key's refusal in the log", Gateway);
        // 20 lines per reason every 10 s: a burst straddling two intervals logs at most 40 of its 60.
        Assert.InRange(Count(Gateway.Logs, line) - before, 1, 40);
        var logs = Gateway.Logs;
        Assert.Contains($"HTTP GET /api/devices/drone/Guessed-1 from ", logs);
        Assert.DoesNotContain(guessed, logs);
        foreach (var key in fixture.Keys.Values)
        {
            Assert.DoesNotContain(key, logs);
            Assert.DoesNotContain(key, fixture.CommandErrors);
        }
        foreach (var hash in File.ReadAllLines(fixture.KeyFile).Select(l => l.Split(':')[2]))
            Assert.DoesNotContain(hash, logs, StringComparison.OrdinalIgnoreCase);
        // ASP.NET Core's own line per challenge is not logged: it would be one line per request, unbounded.
        Assert.DoesNotContain("was challenged", logs);
    }

    [Fact]
    public async Task AMalformedKeyFileStopsTheStartWithItsLineAndReason()
    {
        var ports = FreePorts.Take(2);
        var directory = Directory.CreateTempSubdirectory("gateway-it-bad-keys-").FullName;
        try
        {
            var file = Path.Combine(directory, "api-keys");
            await File.WriteAllLinesAsync(file, ["# keys", $"ops:root:{new string('a', 64)}"]);

            var result = await ExternalCommand.RunAsync(HostBinary.Dotnet,
                [HostBinary.DllPath, "--mqtt-port", $"{ports[0]}", "--http-port", $"{ports[1]}", "--data-dir", Path.Combine(directory, "data"), "--api-keys", file],
                TimeSpan.FromSeconds(60));

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains($"gateway: the API key file '{file}', line 2: the role 'root' is not one of read, command, admin", result.StandardError);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task TheDispatcherStreamTakesItsKeyAsAnAccessTokenAndVoiceCommandsNeedTheCommandRole()
    {
        var drone = DroneIds.New("keys-ws");
        var refused = await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => DispatchConsole.OpenAsync(Gateway, "", null));
        Assert.Contains("'401'", refused.Message);

        await using var reader = await DispatchConsole.ConnectAsync(Gateway, $"drone={drone}", fixture.Keys["read"]);
        await reader.SendAsync($$"""{"type":"VOICE_COMMAND","drone_id":"{{drone}}","mission_id":"M-1","text":"hello","request_id":"r-read"}""");
        var forbidden = await reader.WaitForAsync(m => m.Topic == "COMMAND_REJECTED", "the read key's command refused");
        Assert.Contains("lacks the command role", forbidden.StringField("reason"));

        await using var dispatcher = await DispatchConsole.ConnectAsync(Gateway, $"drone={drone}", fixture.Keys["command"]);
        await dispatcher.SendAsync($$"""{"type":"VOICE_COMMAND","drone_id":"{{drone}}","mission_id":"M-1","text":"hello","request_id":"r-command"}""");
        var accepted = await dispatcher.WaitForAsync(m => m.Topic == "COMMAND_ACCEPTED", "the command key's command accepted");
        Assert.Equal("r-command", accepted.StringField("request_id"));
    }

    private static void AssertStatus(int expected, ApiResponse response) => Assert.True(response.Status == expected, $"expected {expected}: {response}");

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
