using Akka.Actor;
using Gateway.Host.Api;
using Gateway.Host.Commands;
using Gateway.Host.Configuration;
using Gateway.Host.Dispatch;
using Gateway.Host.History;
using Gateway.Host.Hosting;
using Gateway.Host.Security;
using Gateway.MqttHttp;
using Gateway.Mqtt;
using Gateway.Mqtt.Listeners;
using Gateway.Persistence;
using Gateway.Protocols;
using Gateway.Protocols.Routing;

// passwd and api-key edit a file and need no configuration: they run before any is read.
if (args is [PasswdCommand.Name, .. var passwdArgs])
    return PasswdCommand.Run(passwdArgs, Console.In, !Console.IsInputRedirected, Console.Out, Console.Error);
if (args is [ApiKeyCommand.Name, .. var apiKeyArgs])
    return ApiKeyCommand.Run(apiKeyArgs, Console.Out, Console.Error);

CommandLine cli;
GatewayConfig gateway;
MqttTransportSettings mqtt;
ApiKeyFile? apiKeys;
try
{
    cli = CommandLine.Parse(args);
    if (cli.Help)
    {
        Console.WriteLine(CommandLine.Usage);
        return 0;
    }
    gateway = GatewayConfig.Load(cli, Path.Combine(AppContext.BaseDirectory, "hocon"));
    mqtt = MqttTransportSettings.From(gateway.Config);
    apiKeys = ApiKeyFile.From(gateway.Config);
}
catch (Exception e) when (e is ArgumentException or FileNotFoundException or Akka.Configuration.ConfigurationException)
{
    Console.Error.WriteLine($"gateway: {e.Message}");
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

var config = gateway.Config;
if (await JournalStartup.RunAsync(config, gateway.Persistence, gateway.CreatesSchemaAtStart, migrateOnly: cli.Command == CommandLine.Migrate) is { } exit)
    return exit;

var profiles = DeviceProfiles.Create(config);
var api = ApiSettings.From(config);
var builder = WebApplication.CreateSlimBuilder();
var clusterBind = config.GetString("akka.remote.dot-netty.tcp.hostname");
// One Kestrel serves the HTTP API, the bootstrap probes and the embedded broker's MQTT listeners.
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Listen(ListenAddress.Parse(api.Bind), api.Port);
    if (gateway.Cluster.Discovery != ClusterFormationSettings.NoDiscovery)
        kestrel.Listen(ListenAddress.Parse(clusterBind), gateway.Cluster.ManagementPort);
    if (kestrel.ApplicationServices.GetRequiredService<IMqttTransport>() is EmbeddedBrokerTransport broker)
        kestrel.ListenMqtt(broker);
});
// A packet MQTTnet waits for must fit in what Kestrel buffers for one connection (1 MiB by default).
builder.WebHost.UseSockets(sockets => sockets.MaxReadBufferSize = Math.Max(sockets.MaxReadBufferSize ?? 0, mqtt.Embedded.Limits.MaxPacketBytes + 1024L));
builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; })
    .AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
builder.Services.AddProblemDetails();
builder.Services.AddApiKeys(apiKeys);
builder.Services
    .AddSingleton(profiles)
    .AddSingleton(api)
    .AddSingleton(DispatchSettings.From(config))
    .AddSingleton(new TopicRouter(profiles))
    .AddSingleton(mqtt)
    .AddSingleton(sp => mqtt.Create(profiles.TopicFilters, sp.GetRequiredService<ILoggerFactory>()))
    .AddSingleton(sp => new JournalHealth(new JournalProbe(gateway.Persistence, config.GetString("akka.persistence.journal.sql.connection-string")),
        config.GetTimeSpan("gateway.journal.probe-interval"), sp.GetRequiredService<ILogger<JournalHealth>>()))
    .AddHostedService(sp => sp.GetRequiredService<JournalHealth>())
    .AddSingleton<DeviceAsk>()
    .AddSingleton(HistorySettings.From(config))
    .AddSingleton(sp => new HistoryQuery(new ReadJournalHistorySource(sp.GetRequiredService<ActorSystem>(), api.AskTimeout), sp.GetRequiredService<HistorySettings>()))
    .AddSingleton(sp => new ShutdownDrain(gateway.Cluster.IsMultiNode ? config.GetTimeSpan("gateway.shutdown.drain-delay") : TimeSpan.Zero, sp.GetRequiredService<ILogger<ShutdownDrain>>()))
    .AddGatewayActors(config, gateway.Cluster, profiles)
    .AddHostedService<MqttTransportHostedService>()
    // Stopping steps run in the reverse of this order: the drain's delay, then the MQTT transport.
    .AddHostedService(sp => sp.GetRequiredService<ShutdownDrain>());
builder.Services.AddMqttHttp(config);

var app = builder.Build();
if (gateway.Cluster.Discovery != ClusterFormationSettings.NoDiscovery)
    app.MapWhen(http => http.Connection.LocalPort == gateway.Cluster.ManagementPort, management => management.Run(BootstrapSeedNodes.Handle));
app.UseWebSockets();
app.MapHealthEndpoints();
app.MapDeviceEndpoints();
app.MapDirectoryEndpoints();
app.MapClusterEndpoints();
app.MapDispatchEndpoints();
app.MapMqttHttpEndpoints().RequireAuthorization(ApiRoles.Admin);
if (gateway.Exposure.IsOpen)
    app.Logger.LogWarning("{Exposure}", gateway.Exposure.Notice);
else
    app.Logger.LogInformation("{Exposure}", gateway.Exposure.Notice);
app.Logger.LogInformation("Gateway starting: MQTT {Mqtt}, HTTP {HttpPort}, {Persistence} persistence{Where}",
    mqtt, api.Port, gateway.Persistence, gateway.Persistence == "sqlite" ? $" in {gateway.DataDir}" : "");
try
{
    await app.RunAsync();
}
catch (Exception e) when (PortsOf(mqtt, api, gateway).Describe(e) is { } reason)
{
    Console.Error.WriteLine($"gateway: {reason}");
    return 1;
}
// A node that could not join sets a non-zero exit code before it stops.
return Environment.ExitCode;

static PortInUse PortsOf(MqttTransportSettings mqtt, ApiSettings api, GatewayConfig gateway)
{
    var ports = new Dictionary<int, string> { [api.Port] = "HTTP (--http-port)" };
    if (mqtt.External is null)
    {
        ports[mqtt.Embedded.Port] = "MQTT (--mqtt-port)";
        if (mqtt.Embedded.Tls is { } tls)
            ports[tls.Port] = "MQTT over TLS (--tls-port)";
    }
    ports[gateway.Config.GetInt("akka.remote.dot-netty.tcp.port")] = "cluster remoting (--cluster-port)";
    if (gateway.Cluster.Discovery != ClusterFormationSettings.NoDiscovery)
        ports[gateway.Cluster.ManagementPort] = "cluster bootstrap (--management-port)";
    return new PortInUse(ports);
}
