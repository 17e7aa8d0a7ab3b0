using System.Net.Http.Headers;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Collections;

/// <summary>
/// One gateway with HTTP API keys, listening on every interface, shared by the tests of a class.
/// Its three keys (read, command, admin) are made as an operator makes them: by the host's own
/// <c>api-key</c> sub-command, run as a process.
/// </summary>
public sealed class ApiKeyGatewayFixture : IAsyncLifetime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, string> _keys = [];
    private string _directory = "";
    private GatewayProcess? _gateway;

    public GatewayProcess Gateway => _gateway ?? throw new InvalidOperationException("the API key fixture is not initialized");

    /// <summary>The key file the gateway reads.</summary>
    public string KeyFile => Path.Combine(_directory, "api-keys");

    /// <summary>The key of each role, as <c>api-key</c> printed it: <c>read</c> is "dashboard", <c>command</c> "dispatch", <c>admin</c> "ops".</summary>
    public IReadOnlyDictionary<string, string> Keys => _keys;

    /// <summary>Whatever <c>api-key</c> printed on standard error while making the keys.</summary>
    public string CommandErrors { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("gateway-it-keys-").FullName;
        foreach (var (name, role) in new[] { ("dashboard", "read"), ("dispatch", "command"), ("ops", "admin") })
        {
            var made = await ExternalCommand.RunAsync(HostBinary.Dotnet, [HostBinary.DllPath, "api-key", KeyFile, name, role], CommandTimeout);
            Assert.True(made.Succeeded, made.ToString());
            _keys[role] = made.StandardOutput.Trim();
            CommandErrors += made.StandardError;
        }
        _gateway = await GatewayProcess.StartAsync("api-keys", ["--api-keys", KeyFile, "--http-bind", "0.0.0.0"]);
    }

    /// <summary>The API as a caller sending <c>Authorization: Bearer KEY</c>.</summary>
    public GatewayApi As(string key) => With(http => http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key));

    /// <summary>The API as a caller with its own headers.</summary>
    public GatewayApi With(Action<HttpClient> headers)
    {
        var http = new HttpClient { BaseAddress = Gateway.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        headers(http);
        return new GatewayApi(http);
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
            await _gateway.DisposeAsync();
        if (_directory.Length > 0)
            Directory.Delete(_directory, recursive: true);
    }
}
