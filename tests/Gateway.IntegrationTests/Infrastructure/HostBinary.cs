using System.Reflection;
using Xunit;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// The built gateway, started the way a user starts it: <c>dotnet Gateway.Host.dll ...</c>.
/// The Host is a project reference, so its build output normally sits next to this assembly; the
/// Host's own bin folder is the fallback for runners that copy test assemblies elsewhere.
/// </summary>
internal static class HostBinary
{
    private const string AssemblyName = "Gateway.Host.dll";

    private static readonly Lazy<string> Located = new(Locate);

    public static string DllPath => Located.Value;

    /// <summary>The dotnet executable running these tests, so the gateway runs on the same runtime.</summary>
    public static string Dotnet
    {
        get
        {
            if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
                return hostPath;
            if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
                return self;
            return "dotnet";
        }
    }

    private static string Locate()
    {
        var candidates = new List<string> { AppContext.BaseDirectory };
        var configuration = typeof(HostBinary).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var framework = new DirectoryInfo(AppContext.BaseDirectory).Name;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var hostProject = Path.Combine(dir.FullName, "src", "Gateway.Host");
            if (File.Exists(Path.Combine(hostProject, "Gateway.Host.csproj")))
            {
                candidates.Add(Path.Combine(hostProject, "bin", configuration, framework));
                break;
            }
        }
        // A usable build has the runtime configuration and the HOCON files beside the assembly.
        foreach (var folder in candidates)
        {
            if (File.Exists(Path.Combine(folder, AssemblyName))
                && File.Exists(Path.Combine(folder, "Gateway.Host.runtimeconfig.json"))
                && File.Exists(Path.Combine(folder, "hocon", "gateway.hocon")))
                return Path.Combine(folder, AssemblyName);
        }
        Assert.Fail($"No runnable {AssemblyName} (with its runtimeconfig.json and hocon/ folder) in: {string.Join(", ", candidates)}. Build it: dotnet build src/Gateway.Host");
        return "";
    }
}
