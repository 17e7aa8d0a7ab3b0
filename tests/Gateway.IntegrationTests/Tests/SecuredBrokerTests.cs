using Gateway.IntegrationTests.Infrastructure;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// The embedded broker as the skyrescue document secures it: users made by the real
/// <c>mosquitto_passwd</c>, the shipped <c>examples/security/skyrescue.acl</c>, a TLS listener with
/// certificates made by <c>openssl</c>, and real clients (mosquitto_pub/sub, MQTTnet for MQTT 5
/// reason codes) as each of the document's three policies.
/// </summary>
public sealed class SecuredBrokerTests : IAsyncLifetime
{
    private const string Password = "s3cret-pass";
    private static readonly string[] Users = ["Alpha-3", "Bravo-1", "dispatcher", "backend", "org-123.esp32-001", "org-999.esp32-001"];
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private TestCertificates _certificates = null!;
    private GatewayProcess _gateway = null!;
    private int _tlsPort;

    public async Task InitializeAsync()
    {
        _certificates = await TestCertificates.CreateAsync("Alpha-3");
        var passwords = Path.Combine(_certificates.Directory, "passwords");
        foreach (var user in Users)
        {
            var made = await ExternalCommand.RunAsync(RequiredTool.Find("mosquitto_passwd", MosquittoBroker.Install),
                [.. File.Exists(passwords) ? Array.Empty<string>() : ["-c"], "-b", passwords, user, Password], CommandTimeout);
            Assert.True(made.Succeeded, made.ToString());
        }
        // One deployment running both example files, as docs/policy-file.md describes.
        var policy = Path.Combine(_certificates.Directory, "policy.acl");
        await File.WriteAllTextAsync(policy, string.Concat(new[] { "skyrescue.acl", "devices.acl" }
            .Select(f => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "security", f)) + "\n")));
        _tlsPort = FreePorts.One();
        _gateway = await GatewayProcess.StartAsync("secured", [
            "--password-file", passwords,
            "--policy-file", policy,
            "--tls-port", $"{_tlsPort}", "--tls-cert", _certificates.ServerCert, "--tls-key", _certificates.ServerKey, "--tls-ca", _certificates.CaCert,
        ]);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _certificates.Dispose();
    }

    [Fact]
    public async Task AnonymousClientsAndWrongPasswordsAreRefusedAlike()
    {
        var anonymous = await PublishAsync([], "/drone/Alpha-3/telemetry");
        var wrong = await PublishAsync(["-u", "Alpha-3", "-P", "wrong"], "/drone/Alpha-3/telemetry");
        var unknown = await PublishAsync(["-u", "Zulu-9", "-P", Password], "/drone/Zulu-9/telemetry");

        Assert.False(anonymous.Succeeded, anonymous.ToString());
        Assert.Contains("not authorised", anonymous.StandardError);
        // An unknown user and a wrong password get the same answer: a login cannot tell which users exist.
        Assert.Equal(wrong.StandardError.Replace("Alpha-3", "X"), unknown.StandardError.Replace("Zulu-9", "X"));
        Assert.False(wrong.Succeeded, wrong.ToString());
        Assert.Contains("login refused (password) for client", _gateway.Logs);
        Assert.Contains("login refused (anonymous)", _gateway.Logs);
        Assert.DoesNotContain(Password, _gateway.Logs);
    }

    [Fact]
    public async Task ADronePublishesItsOwnTopicsOnlyAndNoCommand()
    {
        using var alpha = await ConnectAsync("Alpha-3");

        var own = await alpha.PublishStringAsync("/drone/Alpha-3/telemetry", DroneExamples.TelemetryOf("Alpha-3"), MqttQualityOfServiceLevel.AtLeastOnce);
        var spoofed = await alpha.PublishStringAsync("/drone/Bravo-1/telemetry", DroneExamples.TelemetryOf("Bravo-1"), MqttQualityOfServiceLevel.AtLeastOnce);
        var command = await alpha.PublishStringAsync("/drone/Alpha-3/command", """{"command":"ABORT"}""", MqttQualityOfServiceLevel.AtLeastOnce);
        var gatewayState = await alpha.PublishStringAsync("gateway/devices/drone/Alpha-3/state", "{}", MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.True(own.IsSuccess, own.ReasonCode.ToString());
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, spoofed.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, command.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, gatewayState.ReasonCode);
        // Only Alpha-3's own telemetry reached the gateway: Bravo-1 was never heard of.
        await Eventually.Until(() => _gateway.Api.GetAsync("api/devices/drone/Alpha-3"), r => r.Status == 200, "Alpha-3's telemetry ingested", _gateway);
        Assert.Equal(404, (await _gateway.Api.GetAsync("api/devices/drone/Bravo-1")).Status);
        Assert.Contains("MQTT publish denied to 'Alpha-3' (client", _gateway.Logs);
        Assert.Contains("on '/drone/Bravo-1/telemetry'", _gateway.Logs);
    }

    [Fact]
    public async Task TheDispatcherReadsTelemetryTranscriptsAndEventsAndPublishesNothing()
    {
        using var dispatcher = await ConnectAsync("dispatcher");
        var granted = await dispatcher.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("/drone/+/telemetry").WithTopicFilter("/drone/+/voice/transcript").WithTopicFilter("/drone/+/events").WithTopicFilter("/drone/+/command").Build());
        var published = await dispatcher.PublishStringAsync("/drone/Alpha-3/command", """{"command":"ABORT"}""", MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.Equal([MqttClientSubscribeResultCode.GrantedQoS0, MqttClientSubscribeResultCode.GrantedQoS0, MqttClientSubscribeResultCode.GrantedQoS0, MqttClientSubscribeResultCode.NotAuthorized],
            granted.Items.Select(i => i.ResultCode));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, published.ReasonCode);

        var received = ReceiveOneAsync(["-u", "dispatcher", "-P", Password], "/drone/+/voice/transcript");
        await Task.Delay(1000);
        var sent = await PublishAsync(["-u", "Alpha-3", "-P", Password], "/drone/Alpha-3/voice/transcript", """{"text":"survivor found"}""");
        Assert.True(sent.Succeeded, sent.ToString());
        Assert.Contains("survivor found", (await received).StandardOutput);
    }

    [Fact]
    public async Task TheBackendCommandsADroneOverAClientCertificate()
    {
        // Alpha-3 logs in with its certificate over TLS: its CN is its identity, as an AWS IoT thing's.
        var received = ExternalCommand.RunAsync(RequiredTool.Find("mosquitto_sub", Mosquitto.Install),
            ["-h", "127.0.0.1", "-p", $"{_tlsPort}", "--cafile", _certificates.CaCert, "--cert", _certificates.Cert("Alpha-3"), "--key", _certificates.Key("Alpha-3"),
             "-t", "/drone/Alpha-3/command", "-C", "1", "-W", "20", "-q", "1"], CommandTimeout);
        await Task.Delay(1500);
        var sent = await PublishAsync(["-u", "backend", "-P", Password], "/drone/Alpha-3/command", """{"command":"RETURN_TO_BASE","command_id":"it-1"}""");

        Assert.True(sent.Succeeded, sent.ToString());
        var result = await received;
        Assert.True(result.Succeeded, $"{result}\n{_gateway.LogTail()}");
        Assert.Contains("RETURN_TO_BASE", result.StandardOutput);
    }

    [Fact]
    public async Task ACertificateFromAnotherCaIsRefusedAtTheHandshake()
    {
        var result = await ExternalCommand.RunAsync(RequiredTool.Find("mosquitto_pub", Mosquitto.Install),
            ["-h", "127.0.0.1", "-p", $"{_tlsPort}", "--cafile", _certificates.CaCert, "--cert", _certificates.Cert("stranger"), "--key", _certificates.Key("stranger"),
             "-t", "/drone/Alpha-3/telemetry", "-m", "{}"], CommandTimeout);

        Assert.False(result.Succeeded, result.ToString());
        await Eventually.Until(() => Task.FromResult(_gateway.Logs), logs => logs.Contains("closed (tls-handshake)"), "the refused handshake logged", _gateway);
    }

    [Fact]
    public async Task AnEsp32BoardReachesItsOwnOrganizationsTopicsOnly()
    {
        string[] board = ["-u", "org-123.esp32-001", "-P", Password];

        var foreign = await ExternalCommand.RunAsync(RequiredTool.Find("mosquitto_sub", Mosquitto.Install),
            ["-h", "127.0.0.1", "-p", $"{_gateway.MqttPort}", .. board, "-t", "devices/org-999/esp32-001/commands", "-C", "1", "-W", "5"], CommandTimeout);
        var own = ReceiveOneAsync(board, "devices/org-123/esp32-001/commands");
        await Task.Delay(1000);
        var command = await _gateway.Api.PostCommandAsync(DeviceRoute.InOrg("esp32", "org-123", "esp32-001"),
            """{"command":"set_pump","parameters":{"pump_id":1,"state":"on","duration":3600}}""");
        using var board999 = await ConnectAsync("org-999.esp32-001");
        var spoofed = await board999.PublishStringAsync("devices/org-123/esp32-001/telemetry", "{}", MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.Contains("All subscription requests were denied", foreign.StandardError);
        Assert.Contains("MQTT subscribe denied to 'org-123.esp32-001'", _gateway.Logs);
        Assert.Equal(202, command.Status);
        Assert.Contains("set_pump", (await own).StandardOutput);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, spoofed.ReasonCode);
    }

    private async Task<IMqttClient> ConnectAsync(string user)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", _gateway.MqttPort).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId($"it-{user}-{Guid.NewGuid():N}").WithCredentials(user, Password).WithTimeout(TimeSpan.FromSeconds(10)).Build());
        Assert.True(result.ResultCode == MqttClientConnectResultCode.Success, $"{user} could not log in: {result.ResultCode}");
        return client;
    }

    private Task<CommandResult> PublishAsync(string[] login, string topic, string message = "{}") =>
        ExternalCommand.RunAsync(RequiredTool.Find("mosquitto_pub", Mosquitto.Install),
            ["-h", "127.0.0.1", "-p", $"{_gateway.MqttPort}", .. login, "-t", topic, "-m", message, "-q", "1"], CommandTimeout);

    private Task<CommandResult> ReceiveOneAsync(string[] login, string topic) =>
        ExternalCommand.RunAsync(RequiredTool.Find("mosquitto_sub", Mosquitto.Install),
            ["-h", "127.0.0.1", "-p", $"{_gateway.MqttPort}", .. login, "-t", topic, "-C", "1", "-W", "20"], CommandTimeout);
}
