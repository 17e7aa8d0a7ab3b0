using System.Diagnostics;
using Gateway.IntegrationTests.Infrastructure;
using k8s;
using k8s.Models;

namespace Gateway.IntegrationTests.Tests.Kubernetes;

/// <summary>
/// <c>k8s/</c> as <c>kubectl kustomize k8s</c> renders it, read back into the Kubernetes API's own
/// types in strict mode: a misspelt or misplaced field, or a value of the wrong type, is an error,
/// which is what the API server's schema validation would say of it.
/// </summary>
internal sealed class RenderedManifests
{
    private static readonly Lazy<RenderedManifests> Rendered = new(Render);

    private RenderedManifests(string repositoryRoot, IReadOnlyList<object> objects)
    {
        RepositoryRoot = repositoryRoot;
        Objects = objects;
    }

    public static RenderedManifests Instance => Rendered.Value;

    public string RepositoryRoot { get; }

    public IReadOnlyList<object> Objects { get; }

    public T Single<T>() => Objects.OfType<T>().Single();

    public T Named<T>(string name) where T : IMetadata<V1ObjectMeta> => Objects.OfType<T>().Single(o => o.Metadata.Name == name);

    private static RenderedManifests Render()
    {
        var root = FindRepositoryRoot();
        var kubectl = RequiredTool.Find("kubectl",
            "Install kubectl (it includes kustomize): https://kubernetes.io/docs/tasks/tools/ or `apt-get install kubectl` from the Kubernetes apt repository.");
        var start = new ProcessStartInfo(kubectl, ["kustomize", Path.Combine(root, "k8s")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var yaml = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            process.Kill();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"kubectl kustomize k8s failed ({process.ExitCode}): {errors.Result}");
        return new RenderedManifests(root, KubernetesYaml.LoadAllFromString(yaml.Result, strict: true));
    }

    /// <summary>The checkout these tests run from: the folder holding <c>k8s/</c> (and the Dockerfile).</summary>
    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "k8s", "kustomization.yaml")))
                return dir.FullName;
        throw new InvalidOperationException($"no k8s/kustomization.yaml above {AppContext.BaseDirectory}");
    }
}
