using Akka.Actor;
using Akka.Cluster;
using Akka.Discovery.Config.Hosting;
using Akka.Event;
using Akka.Discovery.KubernetesApi;
using Akka.Hosting;
using Akka.Management.Dsl;
using Akka.Management.Cluster.Bootstrap;
using Gateway.Host.Configuration;

namespace Gateway.Host.Hosting;

/// <summary>
/// How the node becomes a cluster member: one node joins itself; several find each other with
/// Akka.Management cluster bootstrap over config or Kubernetes API discovery. Either way a node
/// that is not a member within <see cref="ClusterFormationSettings.JoinTimeout"/> stops with exit code 1.
/// </summary>
public static class ClusterFormation
{
    /// <summary>Kubernetes names the container port bootstrap probes; config discovery matches nothing by name.</summary>
    private const string ManagementPortName = "management";

    public static AkkaConfigurationBuilder WithClusterFormation(this AkkaConfigurationBuilder akka, ClusterFormationSettings cluster, Akka.Configuration.Config config)
    {
        if (cluster.Discovery == ClusterFormationSettings.NoDiscovery)
        {
            akka.AddStartup((system, _) =>
            {
                // Without seed nodes this is a one-node cluster: join ourselves.
                var self = Cluster.Get(system);
                if (self.Settings.SeedNodes.Count == 0)
                    self.Join(self.SelfAddress);
            });
        }
        else
        {
            var advertised = cluster.PublicHostname.Length > 0 ? cluster.PublicHostname : config.GetString("akka.remote.dot-netty.tcp.hostname");
            akka.WithClusterBootstrap(options =>
                {
                    options.ContactPointDiscovery.ServiceName = cluster.ServiceName;
                    options.ContactPointDiscovery.RequiredContactPointsNr = cluster.RequiredContactPoints;
                    // A port name also stops bootstrap from keeping one endpoint per host, which
                    // would leave one contact point for several nodes on one machine.
                    options.ContactPointDiscovery.PortName = ManagementPortName;
                    // A node whose peers are not all up yet still forms or joins a cluster once
                    // the required number of them answer.
                    options.ContactPointDiscovery.ContactWithAllContactPoints = false;
                }, autoStart: false)
                .AddStartup(async (system, _) =>
                {
                    // The route is served by BootstrapSeedNodes rather than Akka.Management, so
                    // bootstrap is told its own contact point, as its documentation says to.
                    var bootstrap = ClusterBootstrap.Get(system);
                    bootstrap.Routes(ManagementRouteProviderSettings.Create(new Uri($"http://{advertised}:{cluster.ManagementPort}/"), readOnly: true));
                    await bootstrap.Start();
                });
            if (cluster.Discovery == ClusterFormationSettings.ConfigDiscovery)
                akka.WithConfigDiscovery(options => options.Services.Add(new Service { Name = cluster.ServiceName, Endpoints = cluster.ContactPoints.ToArray() }));
            else
                akka.WithKubernetesDiscovery(options =>
                {
                    options.PodLabelSelector = cluster.KubernetesPodLabelSelector;
                    if (cluster.KubernetesNamespace.Length > 0)
                        options.PodNamespace = cluster.KubernetesNamespace;
                });
        }
        return akka.AddStartup((system, _) => LeaveIfNotJoined(system, cluster.JoinTimeout));
    }

    private static void LeaveIfNotJoined(ActorSystem system, TimeSpan timeout)
    {
        var self = Cluster.Get(system);
        var deadline = system.Scheduler.Advanced.ScheduleOnceCancelable(timeout, () =>
        {
            // The scheduler runs what is left when the system stops; a node already stopping is not stuck.
            if (self.SelfMember.Status is MemberStatus.Up or MemberStatus.WeaklyUp || CoordinatedShutdown.Get(system).ShutdownReason is not null)
                return;
            system.Log.Error("Not a cluster member {0} after start (status {1}): no contact point answered or the cluster refused this node. "
                + "Check --contact-points / discovery and that the other nodes run; stopping so that a supervisor can start this node again.",
                timeout, self.SelfMember.Status);
            Environment.ExitCode = 1;
            CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClusterJoinUnsuccessfulReason.Instance);
        });
        self.RegisterOnMemberUp(deadline.Cancel);
    }
}
