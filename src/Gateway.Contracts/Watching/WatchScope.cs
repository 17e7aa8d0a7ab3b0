namespace Gateway.Contracts.Watching;

/// <summary>
/// Which changes a watch is for. A device actor builds and publishes a change only while some
/// watch of its device or family is for that kind of change: a console that shows transcripts
/// does not make every drone build its full view at each state publication.
/// </summary>
[Flags]
public enum WatchScope
{
    State = 1,
    Commands = 2,
    Events = 4,
    Transcript = 8,
    All = State | Commands | Events | Transcript,
}
