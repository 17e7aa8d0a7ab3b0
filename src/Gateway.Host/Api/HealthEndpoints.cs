using Akka.Actor;
using Akka.Cluster;
using Gateway.Host.Persistence;
using Gateway.Mqtt;

namespace Gateway.Host.Api;

/// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: the cluster is up, the journal answers and the MQTT transport is ready (the embedded broker listens, or the external one is connected).</summary>
public static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Json(new HealthResponse("alive", new Dictionary<string, string>()), ApiJsonContext.Default.HealthResponse));
        app.MapGet("/readyz", Ready);
    }

    private static async Task<IResult> Ready(ActorSystem system, JournalProbe journal, IMqttTransport transport, CancellationToken ct)
    {
        var checks = new Dictionary<string, string>();
        var member = Cluster.Get(system).SelfMember;
        var clusterUp = member.Status == MemberStatus.Up;
        checks["cluster"] = clusterUp ? "up" : $"not up ({member.Status})";
        var (journalOk, journalDetail) = await journal.CheckAsync(ct);
        checks["journal"] = journalOk ? $"reachable ({journalDetail})" : $"unreachable ({journalDetail})";
        var broker = transport.Status;
        checks["broker"] = broker.Description;
        var ready = clusterUp && journalOk && broker.IsReady;
        return Results.Json(new HealthResponse(ready ? "ready" : "not ready", checks), ApiJsonContext.Default.HealthResponse,
            statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
