namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>A HOCON file for a gateway's <c>--config</c>, in a temp folder of its own that goes with it.</summary>
public sealed class ConfigFile : IDisposable
{
    private ConfigFile(string path) => Path = path;

    public string Path { get; }

    public static async Task<ConfigFile> WriteAsync(string name, string hocon)
    {
        var path = System.IO.Path.Combine(Directory.CreateTempSubdirectory($"gateway-it-{name}-").FullName, $"{name}.hocon");
        await File.WriteAllTextAsync(path, hocon);
        return new ConfigFile(path);
    }

    public void Dispose() => Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true);
}
