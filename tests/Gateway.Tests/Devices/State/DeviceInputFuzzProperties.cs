using System.Text.Json;
using Akka.Event;
using CsCheck;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Devices.Journal;
using Gateway.Devices.Settings;
using Gateway.Devices.State;
using Gateway.Protocols;
using Gateway.Tests.Protocols;
using Gateway.Tests.Serialization;
using Xunit;

namespace Gateway.Tests.Devices.State;

/// <summary>
/// Any message on any family's topic, decided by the device's state as the actor decides it:
/// the decision never throws, what it journals goes through the journal's serializer, and a
/// device recovered from those entries (and from a snapshot) shows the same shadow.
/// </summary>
public sealed class DeviceInputFuzzProperties(SerializationSystem serialization) : IClassFixture<SerializationSystem>
{
    private static readonly long Iterations = PropertyRuns.Iterations(2_000);
    private static readonly DateTimeOffset At = new(2025, 12, 1, 14, 23, 45, TimeSpan.Zero);

    [Fact]
    public void Any_device_message_is_decided_journaled_and_recovered_the_same()
    {
        Gen.Select(Gen.OneOf([.. DeviceTopics.DeviceInputs]), JsonGen.Payload).Sample((routed, payload) =>
        {
            var (topic, route) = routed;
            var key = route.Key ?? default;
            if (route.Key is null && !route.Profile.TryReadPayloadKey(route.Channel, payload, out key, out _))
                return; // refused at the door, as the ingress does
            var entityId = key.EntityId;
            var live = NewState(entityId, route.Profile.Kind);
            var step = live.Decide(new DeviceInput(entityId, route.Channel, topic, payload, At, route.Section, AwaitsJournal: true));

            List<object> journal = [.. step.Journal];
            live.Journal(step.Journal);
            if (live.TakeCoalesced(At.AddSeconds(1)) is { } window)
                journal.Add(window);
            live.StatePublication();

            var recovered = NewState(entityId, route.Profile.Kind);
            foreach (var entry in journal)
                recovered.Apply(serialization.RoundTrip<DeviceJournalSerializer>(entry), live: false);
            Assert.True(SameShadow(live, recovered), $"recovered from the journal: {Json(recovered)}, live: {Json(live)}");

            var restored = NewState(entityId, route.Profile.Kind);
            restored.Restore((DeviceSnapshot)serialization.RoundTrip<DeviceJournalSerializer>(live.ToSnapshot()));
            Assert.True(SameShadow(live, restored), $"restored from a snapshot: {Json(restored)}, live: {Json(live)}");
        }, iter: Iterations, print: input => $"{input.Item1.Topic}: {PayloadFuzzProperties.Text(input.Item2)}");
    }

    private static DeviceState NewState(string entityId, string kind)
    {
        var config = TestConfig.Gateway;
        return new DeviceState(entityId, DeviceTopics.Profiles.Get(kind), DeviceSettings.From(config), CommandSettings.For(config, kind),
            TelemetrySettings.For(config, kind), PayloadLimit.For(config, kind), NoLogger.Instance);
    }

    // The journal keeps device payloads as JSON, not byte for byte (RawJson reads objects back
    // re-serialized), so the shadows are compared as JSON values.
    private static bool SameShadow(DeviceState a, DeviceState b)
    {
        if (Json(a) == Json(b))
            return true; // DeepEquals cannot compare a number beyond an int exponent, even to itself
        using var left = JsonDocument.Parse(Json(a));
        using var right = JsonDocument.Parse(Json(b));
        return JsonElement.DeepEquals(left.RootElement, right.RootElement);
    }

    private static string Json(DeviceState state) =>
        $"{{\"shadow\":{JsonSerializer.Serialize(state.BuildShadow(), GatewayJsonContext.Default.ShadowView)},\"extension\":{state.BuildView().Extension?.ToString() ?? "null"}}}";
}
