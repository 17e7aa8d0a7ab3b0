using Gateway.Mqtt.Security;

namespace Gateway.Tests.Security;

/// <summary>The policies shipped in examples/security/, copied beside the tests as they are.</summary>
internal static class ExamplePolicies
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "examples", "security", name);

    public static readonly AccessPolicy SkyRescue = AccessPolicy.Load(Path("skyrescue.acl"));

    public static readonly AccessPolicy Devices = AccessPolicy.Load(Path("devices.acl"));
}
