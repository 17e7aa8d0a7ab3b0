using Gateway.Contracts;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Watching;
using Microsoft.AspNetCore.Http;

namespace Gateway.Host.Dispatch;

/// <summary>
/// What a console asked for in its query string: the drones it follows (<c>?drone=Alpha-3&amp;drone=Bravo-1</c>,
/// every drone when none is named), and besides their transcript lines their events (<c>events=true</c>),
/// state changes (<c>state=true</c>) and every command's lifecycle (<c>commands=true</c>; a console
/// always hears of the commands it sent itself).
/// </summary>
public sealed record DispatchFilter(IReadOnlySet<string> Drones, bool Events, bool State, bool Commands)
{
    public bool AllDrones => Drones.Count == 0;

    public bool Follows(string droneId) => AllDrones || Drones.Contains(droneId);

    /// <summary>
    /// The changes the followed drones are to publish for this console: transcripts, and commands
    /// (its own may go to any drone it follows), state and events only when asked for.
    /// </summary>
    public WatchScope Scope { get; } = WatchScope.Transcript | WatchScope.Commands
        | (State ? WatchScope.State : 0) | (Events ? WatchScope.Events : 0);

    /// <summary>The filter, or the parameter that cannot be part of one (a 400 before the upgrade).</summary>
    public static DispatchFilter? Parse(IQueryCollection query, out FieldError? error)
    {
        error = null;
        var drones = new HashSet<string>(StringComparer.Ordinal);
        foreach (var drone in query["drone"])
        {
            if (!TopicLevel.IsValid(drone))
            {
                error = new FieldError("drone", $"'{drone}' is not a drone id ({TopicLevel.Rule})");
                return null;
            }
            drones.Add(drone!);
        }
        bool? events = Flag(query, "events", ref error), state = Flag(query, "state", ref error), commands = Flag(query, "commands", ref error);
        return error is null ? new DispatchFilter(drones, events ?? false, state ?? false, commands ?? false) : null;
    }

    private static bool? Flag(IQueryCollection query, string name, ref FieldError? error)
    {
        if (!query.TryGetValue(name, out var values))
            return null;
        if (bool.TryParse(values.ToString(), out var flag))
            return flag;
        error ??= new FieldError(name, $"must be true or false, not '{values}'");
        return null;
    }
}
