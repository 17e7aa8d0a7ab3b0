using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Discovery.Config.Hosting;
using Akka.Discovery.KubernetesApi;
using Akka.Hosting;
using Akka.Management.Cluster.Bootstrap;
using Akka.Management.Dsl;
using Akka.Remote.Hosting;
using Gateway.Contracts;
using Gateway.Contracts.Serialization;
using Gateway.Devices.Actors;
using Gateway.Devices.Sharding;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Client;

/// <summary>Registers the gateway client the Akka.Hosting way.</summary>
public static class GatewayClientSetup
{
    /// <summary>Management port name the gateway's pods declare, which Kubernetes discovery looks for.</summary>
    private const string ManagementPortName = "management";

    /// <summary>
    /// Starts an actor system named <c>gateway</c> (the cluster's name) that joins the gateway's
    /// cluster, and registers <see cref="GatewayClient"/>. A service with actors of its own adds
    /// them in <paramref name="configureAkka"/>: the process has one actor system.
    /// </summary>
    public static IServiceCollection AddGatewayClient(this IServiceCollection services, Action<GatewayClientOptions> configure,
        Action<AkkaConfigurationBuilder, IServiceProvider>? configureAkka = null)
    {
        var options = new GatewayClientOptions();
        configure(options);
        return services.AddGatewayClient(options, configureAkka);
    }

    public static IServiceCollection AddGatewayClient(this IServiceCollection services, GatewayClientOptions options,
        Action<AkkaConfigurationBuilder, IServiceProvider>? configureAkka = null)
    {
        options.Validate();
        return services.AddSingleton(options).AddSingleton<GatewayClient>().AddAkka(GatewayClientOptions.SystemName, (akka, sp) =>
        {
            WithGatewayClient(akka, options);
            configureAkka?.Invoke(akka, sp);
        });
    }

    private static void WithGatewayClient(AkkaConfigurationBuilder akka, GatewayClientOptions options)
    {
        // Akka's log goes where the service's own logging goes (category "Akka..."), filtered by its rules.
        akka.ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            })
            // What Akka logs before the logger factory starts and after it stops (at shutdown): warnings
            // and errors, on standard error, never on the service's standard output.
            .AddHocon($"akka.stdout-loglevel = WARNING\nakka.stdout-logger-class = \"{typeof(StandardErrorLogger).FullName}, {typeof(StandardErrorLogger).Assembly.GetName().Name}\"",
                HoconAddMode.Prepend)
            // The gateway's split-brain settings (hocon/cluster.hocon): any member may be the leader
            // that takes the decision, this one included, so it must decide exactly as the nodes do.
            .AddHocon("akka.cluster.split-brain-resolver { stable-after = 5s, down-all-when-unstable = off }", HoconAddMode.Prepend)
            // The gateway's frame (hocon/cluster.hocon), so a view holding a device payload up to its limit reaches the client.
            .WithRemoting(new RemoteOptions
            {
                HostName = options.Hostname,
                Port = options.Port,
                PublicHostName = options.PublicHostname,
                MaxFrameSize = GatewayClientOptions.MaxFrameBytes,
                SendBufferSize = GatewayClientOptions.MaxFrameBytes,
                ReceiveBufferSize = GatewayClientOptions.MaxFrameBytes,
            })
            .WithClustering(new ClusterOptions
            {
                Roles = [GatewayClientOptions.Role],
                SeedNodes = options.SeedNodes.ToArray(),
                // The gateway's own rule, so whichever member leads decides a partition the same way.
                SplitBrainResolver = new KeepMajorityOption { Role = GatewayClientOptions.GatewayRole },
            })
            .WithCustomSerializer("gateway", [typeof(IGatewayMessage)], system => new GatewaySerializer(system))
            .WithDeviceShardingProxy(GatewayClientOptions.GatewayRole, options.MaxShards)
            .WithDistributedPubSub("");
        if (options.SeedNodes.Count == 0)
            WithBootstrap(akka, options);
    }

    private static void WithBootstrap(AkkaConfigurationBuilder akka, GatewayClientOptions options)
    {
        akka.WithClusterBootstrap(bootstrap =>
            {
                bootstrap.ContactPointDiscovery.ServiceName = options.ServiceName;
                bootstrap.ContactPointDiscovery.PortName = ManagementPortName;
                bootstrap.ContactPointDiscovery.RequiredContactPointsNr = 1;
                bootstrap.ContactPointDiscovery.ContactWithAllContactPoints = false;
                // A client joins a running cluster or nobody: it never forms one of its own.
                bootstrap.NewClusterEnabled = false;
            }, autoStart: false)
            .AddStartup(async (system, _) =>
            {
                // Bootstrap wants this process's own contact point; nobody probes a client, so it is only a name.
                var self = Cluster.Get(system).SelfAddress;
                var bootstrap = ClusterBootstrap.Get(system);
                bootstrap.Routes(ManagementRouteProviderSettings.Create(new Uri($"http://{self.Host}:{self.Port}/"), readOnly: true));
                await bootstrap.Start();
            });
        if (options.Discovery == "kubernetes")
            akka.WithKubernetesDiscovery(k => k.PodLabelSelector = "app={0}");
        else
            akka.WithConfigDiscovery(d => d.Services.Add(new Service { Name = options.ServiceName, Endpoints = options.ContactPoints.ToArray() }));
    }
}
