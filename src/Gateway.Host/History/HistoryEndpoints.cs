using System.Globalization;
using Akka.Actor;
using Gateway.Contracts;
using Gateway.Contracts.Messages;
using Gateway.Devices.Actors;
using Gateway.Devices.History;
using Gateway.Host.Api;
using Gateway.Host.Hosting;
using Gateway.Host.Security;
using Gateway.Http;
using Gateway.Protocols;

namespace Gateway.Host.History;

/// <summary>
/// <c>GET .../events</c>, <c>.../transcript</c> and <c>.../telemetry</c> under a device's path:
/// its history as the journal holds it, through <see cref="HistoryQuery"/>, with <c>since</c>,
/// <c>until</c> (ISO 8601), <c>limit</c> and <c>cursor</c>. Oldest first; a page's
/// <c>next_cursor</c> is the sequence number the next page starts at, which stays right while
/// new rows are appended and old ones are deleted by retention, where a page number would shift.
/// </summary>
public static class HistoryEndpoints
{
    public static void MapHistory(this RouteGroupBuilder device)
    {
        foreach (var channel in HistoryChannels.All)
            device.MapGet($"/{HistoryChannels.NameOf(channel)}",
                    (string kind, string? org, string id, HttpRequest request, DeviceProfiles profiles, HistoryQuery history, HistorySettings settings, JournalHealth journal, CancellationToken ct) =>
                        Get(channel, kind, org, id, request, profiles, history, settings, journal, ct))
                .RequireAuthorization(ApiRoles.Read);
    }

    private static async Task<IResult> Get(HistoryChannel channel, string kind, string? org, string id, HttpRequest request,
        DeviceProfiles profiles, HistoryQuery history, HistorySettings settings, JournalHealth journal, CancellationToken ct)
    {
        if (DeviceEndpoints.Resolve(kind, org, id, profiles, out var key) is { } error)
            return error;
        var errors = new List<FieldError>();
        var query = request.Query;
        var since = Time(query["since"], "since", errors);
        var until = Time(query["until"], "until", errors);
        if (since > until)
            errors.Add(new FieldError("until", "must not be before since"));
        var limit = QueryNumber.Read("limit", query["limit"].Count > 0 ? query["limit"].ToString() : null, settings.DefaultLimit, 1, settings.MaxLimit, errors);
        long? cursor = null;
        if (query["cursor"].Count > 0)
        {
            if (long.TryParse(query["cursor"], NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c >= 1)
                cursor = c;
            else
                errors.Add(new FieldError("cursor", "must be the next_cursor of a previous page"));
        }
        if (errors.Count > 0)
            return Problems.Invalid("The history query is not valid", errors);

        var historyRequest = new HistoryRequest(DeviceActor.PersistenceIdFor(key.EntityId), channel, since, until, cursor, limit);
        HistoryPage? page;
        try
        {
            page = await history.RunAsync(historyRequest, ct);
        }
        catch (Exception e) when (e is AskTimeoutException or TimeoutException or InvalidOperationException)
        {
            return Problems.JournalUnavailable($"the journal did not answer the history of {key.EntityId}: {e.Message}", journal.RetryAfter);
        }
        return page is null
            ? Problems.NotFound($"No {kind} '{key.EntityId}' has been seen")
            : Results.Bytes(HistoryJson.Write(key.EntityId, historyRequest, page), "application/json");
    }

    private static DateTimeOffset? Time(Microsoft.Extensions.Primitives.StringValues value, string name, List<FieldError> errors)
    {
        if (value.Count == 0)
            return null;
        // ISO 8601 (2025-12-01T14:23:45Z, with an offset, or a date alone); a time without an offset is UTC.
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) && value.ToString().Contains('-'))
            return time;
        errors.Add(new FieldError(name, "must be an ISO 8601 time, such as 2025-12-01T14:23:45Z"));
        return null;
    }
}
