using Akka.Actor;
using Akka.Hosting;
using Gateway.Contracts.Json;
using Gateway.Contracts.Views;
using Gateway.Devices.Listing;
using Gateway.Host.Hosting;
using Gateway.Host.Security;
using Gateway.Http;
using Gateway.Protocols;

namespace Gateway.Host.Api;

/// <summary>
/// <c>GET /api/devices</c> and <c>GET /api/orgs/{org}/devices</c>: the device directory, a page at
/// a time, from the one projection in the cluster (<see cref="DirectoryProjection"/>), so every
/// node answers alike.
/// </summary>
public static class DirectoryEndpoints
{
    public static void MapDirectoryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/devices", (HttpRequest request, DeviceProfiles profiles, IRequiredActor<DirectoryProjection> directory, ApiSettings settings, JournalHealth journal, CancellationToken ct) =>
            List(request, null, profiles, directory, settings, journal, ct)).RequireAuthorization(ApiRoles.Read);
        app.MapGet("/api/orgs/{org}/devices", (string org, HttpRequest request, DeviceProfiles profiles, IRequiredActor<DirectoryProjection> directory, ApiSettings settings, JournalHealth journal, CancellationToken ct) =>
            List(request, org, profiles, directory, settings, journal, ct)).RequireAuthorization(ApiRoles.Read);
    }

    private static async Task<IResult> List(HttpRequest request, string? org, DeviceProfiles profiles, IRequiredActor<DirectoryProjection> directory,
        ApiSettings settings, JournalHealth journal, CancellationToken ct)
    {
        if (DirectoryRequest.Parse(request.Query, org, profiles, out var errors) is not { } query)
            return Problems.Invalid("The directory query is not valid", errors);
        try
        {
            var reply = await (await directory.GetAsync(ct)).Ask<object>(query, settings.AskTimeout, ct);
            return reply is DirectoryPage page ? Results.Json(page, GatewayJsonContext.Default.DirectoryPage) : Problems.Unexpected(reply, "The device directory");
        }
        catch (AskTimeoutException)
        {
            // The projection is starting (a node just started, or the singleton is moving) or its journal is away.
            return Problems.NotAnswering("Directory did not answer", "the device directory did not answer in time", journal.RetryAfter);
        }
    }
}
