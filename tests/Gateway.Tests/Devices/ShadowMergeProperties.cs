using System.Text.Json.Nodes;
using Akka.Event;
using CsCheck;
using Gateway.Contracts.Json;
using Gateway.Devices.Journal;
using Gateway.Devices.Settings;
using Gateway.Devices.State;
using Gateway.Protocols;
using Gateway.Tests.Protocols;
using Xunit;

namespace Gateway.Tests.Devices;

/// <summary>
/// The device shadow (<see cref="Gateway.Devices.Shadow.ShadowDocument"/>, as a device's state
/// applies its journal entries) against a reference: reported and desired merge their top-level
/// fields (a new value replaces the old one whole, a null removes the field), the delta is the
/// desired fields whose values are not the same as reported's (compared as JSON values, all the
/// way down), and the version moves by one for each merge that changed a field's text.
/// </summary>
public sealed class ShadowMergeProperties
{
    private static readonly long Iterations = PropertyRuns.Iterations(2_000);
    private static readonly DateTimeOffset At = new(2025, 12, 1, 14, 23, 45, TimeSpan.Zero);

    /// <summary>An update: the side it merges into and its top-level members (null among the values).</summary>
    private static readonly Gen<(bool Desired, (string Name, string Value)[] Members)> Update =
        Gen.Select(Gen.Bool, WellFormedJson.Members(Gen.Frequency((4, WellFormedJson.Value(3)), (1, Gen.Const("null"))), 0, 5));

    [Fact]
    public void Merge_then_delta_equals_the_reference_difference()
    {
        Update.Array[1, 8].Sample(updates =>
        {
            var state = NewState();
            var reported = new Dictionary<string, string>(StringComparer.Ordinal);
            var desired = new Dictionary<string, string>(StringComparer.Ordinal);
            var version = 0L;
            for (var i = 0; i < updates.Length; i++)
            {
                var (toDesired, members) = updates[i];
                var text = WellFormedJson.Text(members);
                var at = At.AddSeconds(i);
                state.Apply(toDesired
                    ? new DesiredUpdated(RawJson.Parse(text), at)
                    : new ReportedMerged("telemetry", RawJson.Parse(text), at), live: true);
                if (Merge(toDesired ? desired : reported, members))
                    version++;

                var shadow = state.BuildShadow();
                Assert.True(Equal(reported, shadow.Reported.ToString()), $"reported {shadow.Reported} after {text}");
                Assert.True(Equal(desired, shadow.Desired.ToString()), $"desired {shadow.Desired} after {text}");
                var delta = desired.Where(d => !reported.TryGetValue(d.Key, out var r) || !JsonReference.Same(d.Value, r))
                    .ToDictionary(d => d.Key, d => d.Value);
                Assert.True(Equal(delta, shadow.Delta.ToString()), $"delta {shadow.Delta}, expected {Text(delta)}");
                Assert.Equal(version, shadow.Version);
                var metadata = JsonNode.Parse(shadow.Metadata.ToString())!;
                Assert.Equal(reported.Keys.Order(), metadata["reported"]!.AsObject().Select(m => m.Key).Order());
                Assert.Equal(desired.Keys.Order(), metadata["desired"]!.AsObject().Select(m => m.Key).Order());
                foreach (var (name, value) in members.Where(m => m.Value == "null"))
                    Assert.False(JsonNode.Parse(toDesired ? shadow.Desired.ToString() : shadow.Reported.ToString())!.AsObject()
                        .ContainsKey(WellFormedJson.Unescaped(name)), $"{name} merged as null is still there");
            }
        }, iter: Iterations, print: updates => string.Join(" then ", updates.Select(u => $"{(u.Desired ? "desired" : "reported")} {WellFormedJson.Text(u.Members)}")));
    }

    /// <summary>The reference merge of top-level fields, by their text; true when a field's text changed.</summary>
    private static bool Merge(Dictionary<string, string> side, (string Name, string Value)[] members)
    {
        var changed = false;
        foreach (var (escaped, value) in members)
        {
            var name = WellFormedJson.Unescaped(escaped);
            if (value == "null")
                changed |= side.Remove(name);
            else
            {
                changed |= !side.TryGetValue(name, out var old) || old != value;
                side[name] = value;
            }
        }
        return changed;
    }

    private static bool Equal(Dictionary<string, string> expected, string actual) =>
        JsonReference.Same(JsonNode.Parse(Text(expected)), JsonNode.Parse(actual));

    private static string Text(Dictionary<string, string> fields) =>
        "{" + string.Join(",", fields.Select(f => $"{System.Text.Json.JsonSerializer.Serialize(f.Key)}:{f.Value}")) + "}";

    private static DeviceState NewState()
    {
        var config = TestConfig.Gateway;
        return new DeviceState("drone/Alpha-3", DeviceTopics.Profiles.Get("drone"), DeviceSettings.From(config), CommandSettings.For(config, "drone"),
            TelemetrySettings.For(config, "drone"), PayloadLimit.For(config, "drone"), NoLogger.Instance);
    }
}
