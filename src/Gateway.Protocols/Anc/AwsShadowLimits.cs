using Akka.Configuration;

namespace Gateway.Protocols.Anc;

/// <summary>The AWS IoT Device Shadow limits the gateway enforces, from <c>gateway.families.anc</c>.</summary>
public sealed record AwsShadowLimits(int MaxStateBytes, int MaxDepth, int MaxClientTokenBytes)
{
    public static AwsShadowLimits From(Config family) => new(
        (int)family.GetByteSize("shadow-max-bytes")!.Value,
        family.GetInt("shadow-max-depth"),
        family.GetInt("client-token-max-bytes"));
}
