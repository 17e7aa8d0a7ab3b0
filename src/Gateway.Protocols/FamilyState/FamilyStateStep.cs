using Gateway.Protocols.Outbound;

namespace Gateway.Protocols.FamilyState;

/// <summary>
/// A family state's decision about one input: entries to journal (waiting for the journal first
/// where the protocol promises durability), messages to publish at once, or a rejection whose
/// reason goes through the gateway's one way to reject (plus any protocol reply in <see cref="Publish"/>).
/// </summary>
public sealed record FamilyStateStep(
    IReadOnlyList<FamilyStateRecorded> Persist,
    bool WaitForJournal,
    IReadOnlyList<MqttPublish> Publish,
    string? RejectReason = null)
{
    public static FamilyStateStep Journal(FamilyStateRecorded entry, bool waitForJournal) => new([entry], waitForJournal, []);
    public static FamilyStateStep Reply(params MqttPublish[] publish) => new([], false, publish);
    public static FamilyStateStep Reject(string reason, params MqttPublish[] publish) => new([], false, publish, reason);
}
