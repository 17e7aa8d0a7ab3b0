using Akka.Actor;

namespace Gateway.Benchmarks.Infrastructure;

/// <summary>Stands in for the MQTT egress and the registry: takes every message and does nothing, so the broker's cost is not counted here.</summary>
public sealed class Sink : UntypedActor
{
    protected override void OnReceive(object message)
    {
    }
}
