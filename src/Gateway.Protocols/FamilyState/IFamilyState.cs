using System.Text.Json;
using Gateway.Contracts.Json;
using Gateway.Contracts.Views;
using Gateway.Protocols.Outbound;

namespace Gateway.Protocols.FamilyState;

/// <summary>
/// State a family keeps beyond the common shadow, owned by the device actor like the rest:
/// AWS IoT shadows with their versions and replies, a WarDragon kit's live tracks. It changes
/// only through <see cref="FamilyStateRecorded"/> journal entries, so recovery rebuilds it.
/// </summary>
public interface IFamilyState
{
    /// <summary>The family state's property in the device view (the API's `extension` field holds it under this name).</summary>
    string ViewName { get; }

    /// <summary>Decides what an input routed to the family state becomes: journal entries, replies, or a rejection.</summary>
    FamilyStateStep Handle(string channel, string? section, ReadOnlySpan<byte> payload, DateTimeOffset at);

    /// <summary>
    /// A payload over its family's limit (<see cref="PayloadLimit"/>), refused before anything reads it:
    /// the refusal in the family's own protocol where it answers on the channel (an AWS shadow's 413
    /// on <c>.../rejected</c>), or null for the gateway's own.
    /// </summary>
    FamilyStateStep? RefuseTooLarge(string channel, string? section, ReadOnlySpan<byte> payload, DateTimeOffset at) => null;

    /// <summary>Applies a journal entry; when <paramref name="live"/>, returns what to publish about it.</summary>
    IReadOnlyList<MqttPublish> Apply(FamilyStateRecorded entry, bool live);

    /// <summary>Periodic housekeeping such as expiring tracks; true when the view changed.</summary>
    bool Tick(DateTimeOffset now) => false;

    void WriteView(Utf8JsonWriter writer);

    RawJson Snapshot();

    void Restore(RawJson snapshot);

    /// <summary>A desired-state update from the API, where the family's own protocol owns desired state; null leaves it to the common shadow.</summary>
    FamilyStateStep? HandleDesired(RawJson desired, DateTimeOffset at) => null;

    /// <summary>The shadow the API answers a desired-state update with, where <see cref="HandleDesired"/> took it.</summary>
    ShadowView? DesiredView() => null;
}
