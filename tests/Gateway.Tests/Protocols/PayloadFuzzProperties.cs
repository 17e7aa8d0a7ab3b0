using CsCheck;
using Gateway.Contracts;
using Gateway.Contracts.Json;
using Gateway.Protocols;
using Xunit;

namespace Gateway.Tests.Protocols;

/// <summary>
/// Whatever a device, an API caller or a desired-state writer sends, every family's checks answer
/// with a verdict (accepted, or refused with a reason naming what is wrong) and never throw: a
/// throw in the broker's interceptor or a device actor is a dropped connection or a restart.
/// </summary>
public sealed class PayloadFuzzProperties
{
    private static readonly long Iterations = PropertyRuns.Iterations(3_000);

    private static readonly Gen<(string Topic, Gateway.Protocols.Routing.TopicRoute Route)> Route = Gen.OneOf([.. DeviceTopics.DeviceInputs]);

    private static readonly IDeviceProfile[] Commanded = [.. DeviceTopics.Profiles.All.Where(p => p.Commands is not null)];

    [Fact]
    public void Any_payload_on_any_device_topic_gets_a_verdict()
    {
        Gen.Select(Route, JsonGen.Payload).Sample((routed, payload) =>
        {
            var (topic, route) = routed;
            var key = route.Key;
            if (key is null)
            {
                if (!route.Profile.TryReadPayloadKey(route.Channel, payload, out var named, out var why))
                {
                    Assert.False(string.IsNullOrWhiteSpace(why), topic);
                    return;
                }
                // The payload names the device; it becomes one level of the gateway's topics.
                Assert.Equal(route.Profile.Kind, named.Kind);
                Assert.False(string.IsNullOrEmpty(named.Id) || named.Id.AsSpan().ContainsAny("/+#"), named.Id);
                key = named;
            }
            var plan = route.Profile.Interpret(key.Value, route.Channel, route.Section, payload);
            if (plan.Action == InputAction.Reject)
                Assert.False(string.IsNullOrWhiteSpace(plan.Reason), topic);
        }, iter: Iterations, print: Print);
    }

    [Fact]
    public void Any_command_gets_a_verdict_and_an_accepted_one_can_be_published()
    {
        Gen.Select(Gen.OneOf(Commanded), JsonGen.Payload).Sample((profile, command) =>
        {
            var key = Key(profile);
            var validation = profile.Commands!.ValidateCommand(key, command);
            if (!validation.IsValid)
            {
                Assert.All(validation.Errors, Named);
                return;
            }
            Assert.False(string.IsNullOrEmpty(validation.Command));
            var published = profile.Commands.BuildCommandPayload(key, command, "cmd-1", DateTimeOffset.UnixEpoch);
            Assert.NotEmpty(published);
        }, iter: Iterations, print: Print);
    }

    [Fact]
    public void Any_desired_state_gets_a_verdict()
    {
        Gen.Select(Gen.OneOf([.. DeviceTopics.Profiles.All]), JsonGen.Payload).Sample((profile, desired) =>
        {
            var errors = profile.ValidateDesired(desired);
            Assert.All(errors, Named);
            // Where the family's own protocol owns desired state (AWS shadows), it decides next.
            if (errors.Count == 0 && profile.CreateFamilyState(Key(profile))?.HandleDesired(new RawJson(desired), DateTimeOffset.UnixEpoch) is { RejectReason: { } reason })
                Assert.False(string.IsNullOrWhiteSpace(reason));
        }, iter: Iterations, print: Print);
    }

    /// <summary>An error names its field (a field a payload names "" is named so) and what is wrong with it.</summary>
    private static void Named(Gateway.Contracts.Messages.FieldError error)
    {
        Assert.NotNull(error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Message), error.Field);
    }

    private static DeviceKey Key(IDeviceProfile profile) =>
        DeviceTopics.Seeded.First(s => s.Route.Profile == profile).Route.Key ?? new DeviceKey(profile.Kind, null, "kit-7");

    private static string Print((IDeviceProfile Profile, byte[] Payload) input) => $"{input.Profile.Kind}: {Text(input.Payload)}";

    private static string Print(((string Topic, Gateway.Protocols.Routing.TopicRoute Route) Routed, byte[] Payload) input) => $"{input.Routed.Topic}: {Text(input.Payload)}";

    /// <summary>A payload as text when it is UTF-8, else its bytes, so a failure can be replayed.</summary>
    public static string Text(byte[] payload)
    {
        try
        {
            return new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(payload);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return Convert.ToHexString(payload);
        }
    }
}
