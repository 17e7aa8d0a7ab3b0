using Gateway.Host.Api;
using Gateway.Host.Configuration;
using Gateway.Host.Hosting;
using Gateway.Host.MqttHttp;
using Gateway.Host.Persistence;
using Gateway.Mqtt;
using Gateway.Protocols;
using Gateway.Protocols.Routing;

CommandLine cli;
GatewayConfig gateway;
MqttTransportSettings mqtt;
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
}
catch (Exception e) when (e is ArgumentException or FileNotFoundException or Akka.Configuration.ConfigurationException)
{
    Console.Error.WriteLine($"gateway: {e.Message}");
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

var config = gateway.Config;
var journalConnection = config.GetString("akka.persistence.journal.sql.connection-string");
if (gateway.Persistence == "sqlite")
    SqliteFiles.Prepare(journalConnection, config.GetString("akka.persistence.snapshot-store.sql.connection-string"));

var profiles = DeviceProfiles.Create(config);
var api = ApiSettings.From(config);
var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls($"http://{(api.Bind == "0.0.0.0" ? "*" : api.Bind)}:{api.Port}");
builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; })
    .AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
builder.Services.AddProblemDetails();
builder.Services
    .AddSingleton(profiles)
    .AddSingleton(api)
    .AddSingleton(new TopicRouter(profiles))
    .AddSingleton(sp => mqtt.Create(profiles.TopicFilters, sp.GetRequiredService<ILoggerFactory>()))
    .AddSingleton(new JournalProbe(gateway.Persistence, journalConnection))
    .AddSingleton<DeviceAsk>()
    .AddGatewayActors(config, profiles)
    .AddHostedService<MqttTransportHostedService>();
builder.Services.AddMqttHttp(config);

var app = builder.Build();
app.MapHealthEndpoints();
app.MapDeviceEndpoints();
app.MapMqttHttpEndpoints();
app.Logger.LogInformation("Gateway starting: MQTT {Mqtt}, HTTP {HttpPort}, {Persistence} persistence{Where}",
    mqtt, api.Port, gateway.Persistence, gateway.Persistence == "sqlite" ? $" in {gateway.DataDir}" : "");
await app.RunAsync();
return 0;
