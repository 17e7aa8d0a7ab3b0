namespace Gateway.Protocols;

/// <summary>What the device actor does with an accepted device payload.</summary>
public enum InputAction : byte
{
    /// <summary>Refuse it: logged, counted, published on gateway/rejected/{kind}, kept in the device's recent rejections.</summary>
    Reject,
    /// <summary>Merge it into the reported state (under <see cref="InputPlan.Section"/> when set); journaled without waiting.</summary>
    Report,
    /// <summary>A device event: journaled before it is published on gateway/.../events; it may settle a command.</summary>
    Event,
    /// <summary>A line of the device's transcript; journaled without waiting.</summary>
    Transcript,
    /// <summary>Handled by the family's own state (<see cref="FamilyState.IFamilyState"/>: AWS shadows, kit tracks).</summary>
    FamilyState,
}

/// <summary>The device actor's instructions for one payload, decided by the family's profile.</summary>
public readonly record struct InputPlan(InputAction Action, string? Reason = null, string? Section = null, string? EventName = null, CommandAcknowledgement? Ack = null)
{
    public static InputPlan Reject(string reason) => new(InputAction.Reject, Reason: reason);
    public static InputPlan Report(string? section = null) => new(InputAction.Report, Section: section);
    public static InputPlan Event(string name, CommandAcknowledgement? ack = null) => new(InputAction.Event, EventName: name, Ack: ack);
    public static InputPlan Transcript() => new(InputAction.Transcript);
    public static InputPlan FamilyState() => new(InputAction.FamilyState);
}
