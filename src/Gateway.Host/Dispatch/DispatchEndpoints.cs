using Akka.Actor;
using Gateway.Host.Api;
using Gateway.Host.Hosting;
using Gateway.Host.Security;
using Gateway.Http;
using Microsoft.AspNetCore.Authorization;

namespace Gateway.Host.Dispatch;

/// <summary>
/// <c>GET /api/dispatch</c>, upgraded to a WebSocket: the dispatcher console stream (the drone
/// document's "WebSocket Proxy for Voice Transcript", built in). Reading it needs the <c>read</c>
/// role; its VOICE_COMMANDs need <c>command</c>, judged once at connect.
/// </summary>
public static class DispatchEndpoints
{
    public const string Path = "/api/dispatch";

    public static void MapDispatchEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, Connect).RequireAuthorization(ApiRoles.Read);

    private static async Task<IResult> Connect(HttpContext http, DispatchSettings settings, ApiSettings api, DeviceAsk ask, JournalHealth journal,
        ActorSystem system, IAuthorizationService authorization, ILogger<DispatchSession> log)
    {
        if (!http.WebSockets.IsWebSocketRequest)
            return Problems.BadRequest($"{Path} is a WebSocket: connect with one (for example new WebSocket('ws://host:port{Path}?drone=Alpha-3'))");
        if (DispatchFilter.Parse(http.Request.Query, out var error) is not { } filter)
            return Problems.Invalid("The query string is not acceptable", [error!]);
        var mayCommand = (await authorization.AuthorizeAsync(http.User, ApiRoles.Command)).Succeeded;
        var name = $"{http.Connection.RemoteIpAddress}:{http.Connection.RemotePort}{(http.User.Identity?.Name is { } key ? $" (key {key})" : "")}";
        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = settings.KeepAlive });
        var session = new DispatchSession(socket, filter, settings, api.AskTimeout, system, ask, journal,
            mayCommand ? null : $"the API key '{http.User.Identity?.Name}' lacks the command role VOICE_COMMAND needs", log, name);
        await session.RunAsync(http.RequestAborted);
        return Results.Empty;
    }
}
