using System.Text;
using System.Text.Json;
using Akka.Event;
using CsCheck;
using Gateway.Contracts;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Devices.Journal;
using Gateway.Devices.Settings;
using Gateway.Devices.State;
using Gateway.Protocols;
using Gateway.Protocols.Anc;
using Gateway.Protocols.Routing;
using Gateway.Tests.Protocols;
using Xunit;

namespace Gateway.Tests.Devices.State;

/// <summary>
/// A message or a desired state that a family's check refuses changes nothing a device shows:
/// for any family, with a device that already has reported and desired state (and, for ANC
/// things, an AWS shadow), a refused input leaves the version, reported, desired, delta, metadata
/// and the family's own state exactly as they were, and journals nothing.
/// </summary>
public sealed class RejectedInputProperties
{
    private static readonly long Iterations = PropertyRuns.Iterations(2_000);
    private static readonly DateTimeOffset At = new(2025, 12, 1, 14, 23, 45, TimeSpan.Zero);

    /// <summary>Hostile payloads on any device topic, and seed documents with one documented rule broken on their own topic.</summary>
    private static readonly Gen<(TopicRoute Route, string Topic, byte[] Payload)> Inputs = Gen.Frequency(
        (3, Gen.Select(Gen.OneOf([.. DeviceTopics.DeviceInputs]), JsonGen.Payload).Select((routed, payload) => (routed.Route, routed.Topic, payload))),
        (2, SeedDocuments.Broken.Select((kind, document, _) => (kind.Route, kind.Topic, Encoding.UTF8.GetBytes(document)))));

    [Fact]
    public void A_refused_device_message_changes_no_state()
    {
        Inputs.Sample((route, topic, payload) =>
        {
            var key = route.Key ?? default;
            if (route.Key is null && !route.Profile.TryReadPayloadKey(route.Channel, payload, out key, out _))
                return; // refused at the door, before any device
            var state = Primed(key, route.Profile.Kind);
            var before = Shown(state);
            var unflushed = state.HasUnflushedTelemetry;

            var step = state.Decide(new DeviceInput(key.EntityId, route.Channel, topic, payload, At.AddSeconds(10), route.Section, AwaitsJournal: true));

            if (step.Outcome != InputOutcome.Rejected)
                return;
            Assert.Empty(step.Journal);
            Assert.Equal(before, Shown(state));
            Assert.Equal(unflushed, state.HasUnflushedTelemetry);
        }, iter: Iterations, print: input => $"{input.Item2}: {PayloadFuzzProperties.Text(input.Item3)}");
    }

    [Fact]
    public void A_refused_desired_state_changes_no_state()
    {
        Gen.Select(Gen.OneOf([.. DeviceTopics.DeviceInputs]), JsonGen.Payload).Sample((routed, desired) =>
        {
            var key = routed.Route.Key ?? new DeviceKey(routed.Route.Profile.Kind, null, "kit-7"); // a kit is named by its payloads
            var state = Primed(key, routed.Route.Profile.Kind);
            var before = Shown(state);

            var step = state.Decide(new SetDesired(key.EntityId, new RawJson(desired)), At.AddSeconds(10));

            if (step.Invalid is null)
                return;
            Assert.Empty(step.Journal);
            Assert.Equal(before, Shown(state));
        }, iter: Iterations, print: input => $"{input.Item1.Topic}: {PayloadFuzzProperties.Text(input.Item2)}");
    }

    /// <summary>A device with reported and desired fields that differ, so a delta too, and for an ANC thing a classic and a named shadow.</summary>
    private static DeviceState Primed(DeviceKey key, string kind)
    {
        var config = TestConfig.Gateway;
        var state = new DeviceState(key.EntityId, DeviceTopics.Profiles.Get(kind), DeviceSettings.From(config), CommandSettings.For(config, kind),
            TelemetrySettings.For(config, kind), PayloadLimit.For(config, kind), NoLogger.Instance);
        state.Journal([
            new ReportedMerged(DeviceChannel.Telemetry, RawJson.Parse("""{"battery":84,"status":"READY","mode":{"a":1}}"""), At),
            new DesiredUpdated(RawJson.Parse("""{"mode":{"a":2},"battery":84}"""), At),
        ]);
        if (kind == AncTopics.Kind)
        {
            foreach (var section in new[] { null, "settings" })
            {
                var shadow = $"{AncTopics.ShadowRoot(key.Id, section)}/update";
                var step = state.Decide(new DeviceInput(key.EntityId, AncTopics.ShadowUpdate, shadow,
                    """{"state":{"reported":{"anc_intensity":0.85,"mode":{"a":1}},"desired":{"anc_intensity":0.9}},"clientToken":"p"}"""u8.ToArray(), At, section));
                Assert.Equal(InputOutcome.JournalInOrder, step.Outcome);
                state.Journal(step.Journal);
            }
        }
        return state;
    }

    /// <summary>What a device shows of its state: the shadow (version, reported, desired, delta, metadata) and its family's state.</summary>
    private static string Shown(DeviceState state) =>
        $"{{\"shadow\":{JsonSerializer.Serialize(state.BuildShadow(), GatewayJsonContext.Default.ShadowView)},\"extension\":{state.BuildView().Extension?.ToString() ?? "null"}}}";
}
