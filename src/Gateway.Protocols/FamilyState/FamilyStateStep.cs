using Gateway.Protocols.Outbound;

namespace Gateway.Protocols.Extensions;

/// <summary>
/// An extension's decision about one input: entries to journal (waiting for the journal first
/// where the protocol promises durability), messages to publish at once, or a rejection whose
/// reason goes through the gateway's one way to reject (plus any protocol reply in <see cref="Publish"/>).
/// </summary>
public sealed record ExtensionStep(
    IReadOnlyList<ExtensionRecorded> Persist,
    bool WaitForJournal,
    IReadOnlyList<MqttPublish> Publish,
    string? RejectReason = null)
{
    public static ExtensionStep Journal(ExtensionRecorded entry, bool waitForJournal) => new([entry], waitForJournal, []);
    public static ExtensionStep Reply(params MqttPublish[] publish) => new([], false, publish);
    public static ExtensionStep Reject(string reason, params MqttPublish[] publish) => new([], false, publish, reason);
}
