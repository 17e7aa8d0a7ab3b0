using Gateway.Contracts;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Protocols.FamilyState;
using Gateway.Protocols.Validation;

namespace Gateway.Protocols;

/// <summary>
/// Everything the gateway knows of one device family. The device actor, the topic router and
/// the HTTP API are written against this contract only, so a new family is one folder that
/// implements it plus one line in <see cref="DeviceProfiles"/>.
/// </summary>
public interface IDeviceProfile
{
    /// <summary>The family name used in entity ids, gateway topics and API routes.</summary>
    string Kind { get; }

    /// <summary>Whether a device belongs to a tenant (<c>/api/orgs/{org}/devices/{kind}/{id}</c>) or not (<c>/api/devices/{kind}/{id}</c>).</summary>
    bool HasOrg => false;

    /// <summary>
    /// Parses a device-side topic. The router caches the answer per topic string, so this runs
    /// once per distinct topic, not once per message. A match without a key means the payload names the device.
    /// </summary>
    bool TryParseTopic(string topic, out TopicMatch match);

    /// <summary>
    /// The MQTT topic filters that cover every topic <see cref="TryParseTopic"/> accepts (device topics,
    /// and command topics, where a backend may publish a command itself) and none of the gateway's
    /// other publications (desired state, replies): what a node subscribes to on an external broker,
    /// each as a shared subscription, so every device message is ingested by one node. The gateway's
    /// own commands come back through them and are told apart by their mark.
    /// </summary>
    IReadOnlyList<string> TopicFilters { get; }

    /// <summary>The device a payload names, for topics that do not (<see cref="TopicMatch.Key"/> is null).</summary>
    bool TryReadPayloadKey(string channel, ReadOnlySpan<byte> payload, out DeviceKey key, out string reason)
    {
        key = default;
        reason = $"{Kind} topics name their device";
        return false;
    }

    /// <summary>Validates a device payload and says what the device actor does with it.</summary>
    InputPlan Interpret(DeviceKey key, string channel, string? section, ReadOnlySpan<byte> payload);

    /// <summary>The family's commands, where it takes any (it implements <see cref="ICommandProtocol"/>); null otherwise.</summary>
    ICommandProtocol? Commands => this as ICommandProtocol;

    /// <summary>Checks a desired-state update, which is one JSON object (and, where the family says so, of its fields); empty when acceptable.</summary>
    IReadOnlyList<FieldError> ValidateDesired(ReadOnlySpan<byte> desired) => FieldTable.AnyObject.CheckAll(desired, default);

    /// <summary>Where the desired state is pushed to the device after it changes; null when the family has no such topic.</summary>
    string? DesiredTopic(DeviceKey key) => null;

    /// <summary>The payload pushed on <see cref="DesiredTopic"/>.</summary>
    byte[] BuildDesiredPayload(DeviceKey key, RawJson desired, DateTimeOffset now) => desired.Utf8;

    /// <summary>State a family keeps beyond the common shadow (AWS shadows, tracks); null for none.</summary>
    IFamilyState? CreateFamilyState(DeviceKey key) => null;

    /// <summary>
    /// Whether a journaled family-state entry is the device speaking, as opposed to a change the
    /// API asked for: live, the device actor marks the device heard when its message comes in;
    /// recovery and the device directory, which have only the journal, count last_seen by this.
    /// </summary>
    bool IsHeardIn(FamilyStateRecorded entry) => true;
}
