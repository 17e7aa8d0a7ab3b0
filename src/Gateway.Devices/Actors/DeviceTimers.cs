using Akka.Actor;

namespace Gateway.Devices.Actors;

// The device actor's own timer messages. They are local to the actor (never sent between
// nodes, never persisted) and must not keep an idle device from passivating.

internal sealed record AckTimeout(string CommandId, int Attempt) : INotInfluenceReceiveTimeout;

internal sealed record RetryDue(string CommandId) : INotInfluenceReceiveTimeout;

internal sealed class ConnectivityTick : INotInfluenceReceiveTimeout
{
    public static readonly ConnectivityTick Instance = new();
}

internal sealed class PublishStateDue : INotInfluenceReceiveTimeout
{
    public static readonly PublishStateDue Instance = new();
}

internal sealed class FlushTelemetry : INotInfluenceReceiveTimeout
{
    public static readonly FlushTelemetry Instance = new();
}
