using System.Text.Json;
using Gateway.LoadTest.Devices;

namespace Gateway.LoadTest.Families;

/// <summary>
/// One device family as its document spells it: where its devices publish telemetry, a valid
/// telemetry payload, and where the gateway publishes its state.
/// </summary>
public interface IFamilySimulator
{
    string Kind { get; }

    /// <summary>The organization every simulated device of a tenant family belongs to; null for families without tenants.</summary>
    string? Org { get; }

    string TelemetryTopic(string? org, string id);

    /// <summary>
    /// Writes a complete telemetry payload the family's validator accepts, with the tool's
    /// <paramref name="mark"/> among its top-level fields.
    /// </summary>
    void WriteTelemetry(Utf8JsonWriter writer, SimulatedDevice device, TelemetryMark mark, DateTime now);
}
