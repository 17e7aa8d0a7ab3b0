using System.Text.Json;
using Akka.Configuration;
using Akka.Event;
using Gateway.Contracts;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Devices.Settings;
using Gateway.Devices.State;
using Gateway.Protocols;
using Gateway.Tests.Protocols;

namespace Gateway.Tests.Devices.State;

/// <summary>A drone's state built from the gateway's own HOCON, with no actor system: decisions are called directly.</summary>
internal static class DeviceStateFixture
{
    public const string EntityId = "drone/Alpha-3";
    public static readonly DateTimeOffset At = new(2025, 12, 1, 14, 23, 45, TimeSpan.Zero);

    public static DeviceState Drone(string overrides = "") => Of("drone", EntityId, overrides);

    /// <summary>A device of <paramref name="kind"/> with the gateway's HOCON and <paramref name="overrides"/>.</summary>
    public static DeviceState Of(string kind, string entityId, string overrides = "")
    {
        var config = ConfigurationFactory.ParseString(overrides).WithFallback(TestConfig.Gateway);
        return new DeviceState(entityId, DeviceProfiles.Create(config).Get(kind), DeviceSettings.From(config), CommandSettings.For(config, kind),
            TelemetrySettings.For(config, kind), PayloadLimit.For(config, kind), NoLogger.Instance);
    }

    public static DeviceInput Input(string channel, string json, DateTimeOffset? at = null) =>
        new(EntityId, channel, $"/drone/Alpha-3/{channel}", DroneExamples.Utf8(json), at ?? At);

    public static SubmitCommand Command(string json) => new(EntityId, RawJson.Parse(json));

    public static JsonElement Json(RawJson raw) => JsonDocument.Parse(raw.Utf8).RootElement;

    /// <summary>Journals what a decision asked for, as the actor does once the write returns.</summary>
    public static void Journal(this DeviceState state, IEnumerable<object> entries)
    {
        foreach (var entry in entries)
            state.Apply(entry, live: true);
    }
}
