namespace Gateway.CrashTest.Load;

/// <summary>Where, in the restarted gateway's API, a confirmation of a kind is looked for.</summary>
public enum CheckPlace
{
    /// <summary>The device view's recent_events: an event whose payload carries the marker.</summary>
    RecentEvents,
    /// <summary>GET .../commands/{command_id} answers 200.</summary>
    Command,
    /// <summary>GET .../commands/{command_id}: its outcome is acknowledged.</summary>
    CommandAcknowledged,
    /// <summary>The ANC thing's classic AWS shadow: the reported key holds the marker.</summary>
    ShadowReported,
    /// <summary>The desired state (an ANC thing's classic AWS shadow's): the key holds the marker.</summary>
    Desired,
}
