using Akka.Actor;
using Akka.Cluster;
using Gateway.Host.Hosting;
using Gateway.Mqtt;

namespace Gateway.Host.Api;

/// <summary>
/// <c>/healthz</c>: the process answers. <c>/readyz</c>: the node is not stopping, its cluster
/// member is up, the journal answers its probe (<see cref="JournalHealth"/>) and the MQTT transport is ready (the embedded broker listens,
/// or the external one is connected). On SIGTERM readiness turns false first, so that a load
/// balancer stops sending requests while the node leaves and hands off.
/// </summary>
public static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Json(new HealthResponse("alive", new Dictionary<string, string>()), ApiJsonContext.Default.HealthResponse));
        app.MapGet("/readyz", Ready);
    }

    private static IResult Ready(ActorSystem system, JournalHealth journal, IMqttTransport transport, ShutdownDrain shutdown)
    {
        var checks = new Dictionary<string, string>();
        var stopping = shutdown.IsStopping;
        if (stopping)
            checks["node"] = "stopping";
        var member = Cluster.Get(system).SelfMember;
        var clusterUp = member.Status == MemberStatus.Up;
        checks["cluster"] = clusterUp ? "up" : $"not up ({member.Status})";
        var journalOk = journal.IsAvailable;
        checks["journal"] = journal.Describe();
        var broker = transport.Status;
        checks["broker"] = broker.Description;
        var ready = !stopping && clusterUp && journalOk && broker.IsReady;
        return Results.Json(new HealthResponse(ready ? "ready" : "not ready", checks), ApiJsonContext.Default.HealthResponse,
            statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
