using Gateway.Host.History;
using Gateway.Host.Hosting;
using Gateway.Host.Security;
using Akka.Actor;
using Gateway.Contracts;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;
using Gateway.Http;
using Gateway.Protocols;

namespace Gateway.Host.Api;

/// <summary>
/// <c>/api/devices/{kind}/{id}</c> (and <c>/api/orgs/{org}/devices/{kind}/{id}</c> for families
/// with tenants): the device view, commands (with <c>?wait=true</c> to wait for the outcome), one
/// command's lifecycle, the desired state, and the device's history (<see cref="HistoryEndpoints"/>). Every answer comes from the device actor; this
/// layer only translates between HTTP and actor messages.
/// </summary>
public static class DeviceEndpoints
{
    private const int MaxBodyBytes = 64 * 1024;

    public static void MapDeviceEndpoints(this IEndpointRouteBuilder app)
    {
        Map(app.MapGroup("/api/devices/{kind}/{id}"));
        Map(app.MapGroup("/api/orgs/{org}/devices/{kind}/{id}"));
    }

    private static void Map(RouteGroupBuilder device)
    {
        device.MapGet("", GetDevice).RequireAuthorization(ApiRoles.Read);
        device.MapPost("/commands", PostCommand).RequireAuthorization(ApiRoles.Command);
        device.MapGet("/commands", GetCommands).RequireAuthorization(ApiRoles.Read);
        device.MapGet("/commands/{commandId}", GetCommand).RequireAuthorization(ApiRoles.Read);
        device.MapPut("/shadow/desired", PutDesired).RequireAuthorization(ApiRoles.Command);
        device.MapHistory();
    }

    private static async Task<IResult> GetDevice(string kind, string? org, string id, DeviceProfiles profiles, DeviceAsk ask, JournalHealth journal, CancellationToken ct)
    {
        if (Resolve(kind, org, id, profiles, out var key) is { } error)
            return error;
        return await Answer(ask, new GetDeviceView(key.EntityId), journal, ct, reply => reply switch
        {
            DeviceView view => Results.Json(view, GatewayJsonContext.Default.DeviceView),
            DeviceNotFound => Problems.NotFound($"No {kind} '{key.EntityId}' has been seen"),
            _ => Problems.Unexpected(reply),
        });
    }

    private static async Task<IResult> PostCommand(string kind, string? org, string id, bool? wait, HttpRequest request, DeviceProfiles profiles, DeviceAsk ask, ApiSettings settings, JournalHealth journal, CancellationToken ct)
    {
        if (Resolve(kind, org, id, profiles, out var key) is { } error)
            return error;
        if (await ReadBody(request, ct) is not { } body)
            return Problems.BadBody($"send the command as a JSON body of at most {MaxBodyBytes} bytes");
        if (!journal.IsAvailable)
            return Problems.JournalUnavailable($"the command was not accepted: the journal is {journal.Describe()}", journal.RetryAfter);
        object reply;
        try
        {
            reply = await ask.Ask(new SubmitCommand(key.EntityId, new RawJson(body)), ct);
        }
        catch (AskTimeoutException)
        {
            return Problems.Unavailable($"{key.EntityId} did not accept the command in time", journal.RetryAfter);
        }
        if (reply is CommandInvalid invalid)
            return Problems.Invalid("The command is not valid", invalid.Errors);
        if (reply is not CommandSubmitted submitted)
            return Problems.Unexpected(reply);

        var location = $"{BasePath(key)}/commands/{submitted.Command.CommandId}";
        if (wait != true)
            return Results.Json(submitted.Command, GatewayJsonContext.Default.CommandView, statusCode: StatusCodes.Status202Accepted)
                .WithLocation(location);

        return await Answer(ask, new AwaitCommandSettled(key.EntityId, submitted.Command.CommandId), settings.CommandWaitLimit, journal, ct, settled => settled switch
        {
            // The device answered (success or failure): 200 with its answer. No answer in time: 504.
            CommandView view when view.Status == profiles.Get(kind).Commands?.StatusNames.TimedOut =>
                Results.Json(view, GatewayJsonContext.Default.CommandView, statusCode: StatusCodes.Status504GatewayTimeout).WithLocation(location),
            CommandView view => Results.Json(view, GatewayJsonContext.Default.CommandView).WithLocation(location),
            _ => Problems.Unexpected(settled),
        });
    }

    /// <summary>Every pending command and the most recent settled ones, newest first, whoever sent them (the API, a client, a backend over MQTT).</summary>
    private static async Task<IResult> GetCommands(string kind, string? org, string id, DeviceProfiles profiles, DeviceAsk ask, JournalHealth journal, CancellationToken ct)
    {
        if (Resolve(kind, org, id, profiles, out var key) is { } error)
            return error;
        return await Answer(ask, new GetCommands(key.EntityId), journal, ct, reply => reply switch
        {
            CommandList list => Results.Json(list, GatewayJsonContext.Default.CommandList),
            _ => Problems.Unexpected(reply),
        });
    }

    private static async Task<IResult> GetCommand(string kind, string? org, string id, string commandId, DeviceProfiles profiles, DeviceAsk ask, JournalHealth journal, CancellationToken ct)
    {
        if (Resolve(kind, org, id, profiles, out var key) is { } error)
            return error;
        return await Answer(ask, new GetCommandStatus(key.EntityId, commandId), journal, ct, reply => reply switch
        {
            CommandView view => Results.Json(view, GatewayJsonContext.Default.CommandView),
            CommandNotFound => Problems.NotFound($"{key.EntityId} has no command '{commandId}'"),
            _ => Problems.Unexpected(reply),
        });
    }

    private static async Task<IResult> PutDesired(string kind, string? org, string id, HttpRequest request, DeviceProfiles profiles, DeviceAsk ask, JournalHealth journal, CancellationToken ct)
    {
        if (Resolve(kind, org, id, profiles, out var key) is { } error)
            return error;
        if (await ReadBody(request, ct) is not { } body)
            return Problems.BadBody($"send the desired state as a JSON object of at most {MaxBodyBytes} bytes");
        if (!journal.IsAvailable)
            return Problems.JournalUnavailable($"the desired state was not accepted: the journal is {journal.Describe()}", journal.RetryAfter);
        return await Answer(ask, new SetDesired(key.EntityId, new RawJson(body)), journal, ct, reply => reply switch
        {
            ShadowView shadow => Results.Json(shadow, GatewayJsonContext.Default.ShadowView),
            DesiredInvalid invalid => Problems.Invalid("The desired state is not valid", invalid.Errors),
            _ => Problems.Unexpected(reply),
        });
    }

    internal static IResult? Resolve(string kind, string? org, string id, DeviceProfiles profiles, out DeviceKey key)
    {
        key = default;
        if (!profiles.TryGet(kind, out var profile))
            return Problems.NotFound($"Unknown device kind '{kind}'; known kinds: {string.Join(", ", profiles.All.Select(p => p.Kind))}");
        if (profile.HasOrg && org is null)
            return Problems.NotFound($"{kind} devices belong to an organization: use /api/orgs/{{org}}/devices/{kind}/{{id}}");
        if (!profile.HasOrg && org is not null)
            return Problems.NotFound($"{kind} devices belong to no organization: use /api/devices/{kind}/{{id}}");
        if (!TopicLevel.IsValid(id) || (org is not null && !TopicLevel.IsValid(org)))
            return Problems.BadBody($"a device id and an organization id are each {TopicLevel.Rule}");
        key = new DeviceKey(kind, org, id);
        return null;
    }

    private static string BasePath(DeviceKey key) => key.Org is null
        ? $"/api/devices/{key.Kind}/{Uri.EscapeDataString(key.Id)}"
        : $"/api/orgs/{Uri.EscapeDataString(key.Org)}/devices/{key.Kind}/{Uri.EscapeDataString(key.Id)}";

    private static Task<IResult> Answer(DeviceAsk ask, IDeviceMessage message, JournalHealth journal, CancellationToken ct, Func<object, IResult> map) =>
        Answer(ask, message, null, journal, ct, map);

    private static async Task<IResult> Answer(DeviceAsk ask, IDeviceMessage message, TimeSpan? timeout, JournalHealth journal, CancellationToken ct, Func<object, IResult> map)
    {
        try
        {
            var reply = timeout is { } t ? await ask.Ask(message, t, ct) : await ask.Ask(message, ct);
            return map(reply);
        }
        catch (AskTimeoutException)
        {
            return Problems.Unavailable($"{message.EntityId} did not answer in time", journal.RetryAfter);
        }
    }

    // An empty body is as unacceptable as an oversized one: both answer 400.
    private static async Task<byte[]?> ReadBody(HttpRequest request, CancellationToken ct) =>
        await RequestBytes.ReadAsync(request, MaxBodyBytes, ct) is { Length: > 0 } body ? body : null;

    private static IResult WithLocation(this IResult result, string location) => new LocatedResult(result, location);

    private sealed class LocatedResult(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
