using System.Net;
using System.Text.Json;
using Gateway.Host.Configuration;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using k8s.Models;
using Xunit;

namespace Gateway.IntegrationTests.Tests.Kubernetes;

/// <summary>
/// No Kubernetes cluster runs here, so <c>k8s/</c> is proven against the schemas and against the host
/// itself: what the manifests set is what the host reads, the ports are the ones it listens on, the
/// probes are paths it answers.
/// </summary>
[Collection(DevicesCollection.Name)]
public sealed class KubernetesManifestTests(GatewayFixture fixture)
{
    private static RenderedManifests K8s => RenderedManifests.Instance;

    private static V1Deployment Deployment => K8s.Single<V1Deployment>();

    private static V1Container Gateway => Deployment.Spec.Template.Spec.Containers.Single();

    private static V1ConfigMap Settings => K8s.Single<V1ConfigMap>();

    [Fact]
    public void TheBaseRendersEveryObjectTheClusterNeeds()
    {
        var kinds = K8s.Objects.Select(o => o.GetType()).ToHashSet();

        Assert.Equal(
            new[] { typeof(V1ServiceAccount), typeof(V1Role), typeof(V1RoleBinding), typeof(V1Deployment), typeof(V1Service),
                typeof(V1ConfigMap), typeof(V1Secret), typeof(V1PodDisruptionBudget), typeof(V1Job) }.OrderBy(t => t.Name),
            kinds.OrderBy(t => t.Name));
        Assert.Equal(2, K8s.Objects.OfType<V1Service>().Count());
    }

    [Fact]
    public void DiscoveryMayListThePodsAndTheDeploymentRunsAsThatAccount()
    {
        var rule = Assert.Single(K8s.Single<V1Role>().Rules);
        Assert.Equal(["pods"], rule.Resources);
        Assert.Equal(["get", "list", "watch"], rule.Verbs.Order());

        var binding = K8s.Single<V1RoleBinding>();
        Assert.Equal(K8s.Single<V1Role>().Metadata.Name, binding.RoleRef.Name);
        var account = Assert.Single(binding.Subjects);
        Assert.Equal(K8s.Single<V1ServiceAccount>().Metadata.Name, account.Name);
        Assert.Equal(account.Name, Deployment.Spec.Template.Spec.ServiceAccountName);
    }

    [Fact]
    public void ThreeNodesRollOneAtATimeAndAreFoundByTheLabelDiscoverySelects()
    {
        Assert.Equal(3, Deployment.Spec.Replicas);
        Assert.Equal("RollingUpdate", Deployment.Spec.Strategy.Type);
        Assert.Equal("1", Deployment.Spec.Strategy.RollingUpdate.MaxSurge.Value);
        Assert.Equal("0", Deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.Equal("1", K8s.Single<V1PodDisruptionBudget>().Spec.MaxUnavailable.Value);

        var podLabels = Deployment.Spec.Template.Metadata.Labels;
        // gateway.cluster.kubernetes.pod-label-selector is "app={0}" with the service name "gateway".
        Assert.Equal("gateway", podLabels["app"]);
        Assert.All(Deployment.Spec.Selector.MatchLabels, l => Assert.Equal(l.Value, podLabels[l.Key]));
        Assert.All(K8s.Single<V1PodDisruptionBudget>().Spec.Selector.MatchLabels, l => Assert.Equal(l.Value, podLabels[l.Key]));
        foreach (var service in K8s.Objects.OfType<V1Service>())
        {
            Assert.All(service.Spec.Selector, l => Assert.Equal(l.Value, podLabels[l.Key]));
            Assert.All(service.Spec.Ports, p => Assert.Contains(Gateway.Ports, c => c.Name == p.TargetPort.Value));
        }
    }

    [Fact]
    public void EveryVariableTheManifestsSetIsOneTheHostReads()
    {
        var set = Gateway.Env.Select(e => e.Name)
            .Concat(K8s.Single<V1Job>().Spec.Template.Spec.Containers.SelectMany(c => c.Env ?? []).Select(e => e.Name))
            .Concat(Settings.Data.Keys)
            .Concat(K8s.Single<V1Secret>().StringData.Keys)
            .ToHashSet();
        // POD_IP is read by Kubernetes alone, to give GATEWAY_PUBLIC_HOSTNAME its value.
        Assert.Contains(Gateway.Env, e => e.Name == "POD_IP" && e.ValueFrom.FieldRef.FieldPath == "status.podIP");
        Assert.Contains(Gateway.Env, e => e.Name == "GATEWAY_PUBLIC_HOSTNAME" && e.Value == "$(POD_IP)");
        set.Remove("POD_IP");

        Assert.Empty(set.Except(GatewayConfig.EnvironmentVariables));
        Assert.Equal(["configMapRef", "secretRef"], Gateway.EnvFrom.Select(e => e.ConfigMapRef is not null ? "configMapRef" : "secretRef"));
        Assert.Equal(Settings.Metadata.Name, Gateway.EnvFrom[0].ConfigMapRef.Name);
        Assert.Equal(K8s.Single<V1Secret>().Metadata.Name, Gateway.EnvFrom[1].SecretRef.Name);
    }

    [Fact]
    public void EachContainerPortIsThePortTheHostListensOnForItsSetting()
    {
        var ports = Gateway.Ports.ToDictionary(p => p.Name, p => p.ContainerPort);

        Assert.Equal(int.Parse(Settings.Data["GATEWAY_HTTP_PORT"]), ports["http"]);
        Assert.Equal(int.Parse(Settings.Data["GATEWAY_CLUSTER_PORT"]), ports["remoting"]);
        Assert.Equal(int.Parse(Settings.Data["GATEWAY_MANAGEMENT_PORT"]), ports["management"]);
        // Bound on every interface, reached at the pod's own address.
        Assert.Equal("0.0.0.0", Settings.Data["GATEWAY_HTTP_BIND"]);
        // which a node refuses without authentication unless anonymous clients are accepted on purpose
        Assert.Equal("true", Settings.Data["GATEWAY_ALLOW_ANONYMOUS"]);
        Assert.Equal("0.0.0.0", Settings.Data["GATEWAY_CLUSTER_HOSTNAME"]);
        Assert.Equal("kubernetes", Settings.Data["GATEWAY_DISCOVERY"]);
    }

    [Fact]
    public async Task EveryProbePathAnswersInARunningHost()
    {
        var probes = new[] { Gateway.LivenessProbe, Gateway.ReadinessProbe };
        Assert.All(probes, p => Assert.Equal("http", p.HttpGet.Port.Value));

        foreach (var probe in probes)
        {
            var response = await fixture.Gateway.Api.GetAsync(probe.HttpGet.Path.TrimStart('/'));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{probe.HttpGet.Path}: {response}");
        }
    }

    [Fact]
    public void TheMigrationJobRunsTheHostsMigrateCommandAgainstTheSecretsDatabase()
    {
        var container = K8s.Single<V1Job>().Spec.Template.Spec.Containers.Single();

        Assert.Equal([CommandLine.Migrate], container.Args);
        Assert.Equal(Gateway.Image, container.Image);
        Assert.Contains(container.Env, e => e.Name == "GATEWAY_CONNECTION_STRING" && e.ValueFrom.SecretKeyRef.Name == K8s.Single<V1Secret>().Metadata.Name);
    }

    [Fact]
    public void TheGracePeriodOutlastsTheDrainAndTheHandOff()
    {
        // The host's whole stop (drain, hand-off, leaving) is bounded by .NET's 30 s shutdown timeout;
        // Kubernetes' own default grace period is those same 30 s, which leaves no margin.
        Assert.InRange(Deployment.Spec.Template.Spec.TerminationGracePeriodSeconds ?? 30, 45, 300);
        Assert.True(Deployment.Spec.Template.Spec.SecurityContext.RunAsNonRoot);
    }
}
