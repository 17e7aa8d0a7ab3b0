using Akka.Configuration;

namespace Gateway.Tests;

/// <summary>The gateway's own HOCON (copied next to the tests by the host project), for specs that need its settings.</summary>
public static class TestConfig
{
    public static Config Gateway { get; } =
        ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "hocon", "gateway.hocon")));
}
