using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Gateway.Contracts;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;
using Gateway.Devices.Actors;
using Gateway.Devices.Settings;
using Gateway.Protocols;
using Gateway.Protocols.Routing;
using Gateway.Protocols.Validation;
using Xunit;

namespace Gateway.Tests.Families;

/// <summary>
/// The profile contract is the whole cost of a new family: a profile written here, registered in
/// a <see cref="DeviceProfiles"/>, is routed, validated, kept in a shadow and commanded with no
/// change anywhere else.
/// </summary>
public sealed class SixthFamilySpec() : TestKit(TestConfig.InProcess())
{
    /// <summary>A thermostat: <c>thermo/{id}/reading</c> in, <c>thermo/{id}/set</c> out, acknowledged by <c>thermo/{id}/ack</c>.</summary>
    private sealed class ThermoProfile : IDeviceProfile, ICommandProtocol
    {
        public string Kind => "thermo";

        public IReadOnlyList<string> TopicFilters => ["thermo/+/reading", "thermo/+/ack"];

        public bool TryParseTopic(string topic, out TopicMatch match)
        {
            var parts = topic.Split('/');
            match = parts is ["thermo", { Length: > 0 } id, "reading" or "ack"]
                ? new TopicMatch(new DeviceKey(Kind, null, id), parts[2])
                : default;
            return parts is ["thermo", { Length: > 0 }, "reading" or "ack"];
        }

        private static readonly FieldTable Reading = new(FieldSpec.OneOf("unit", required: true, ["C", "F"]));
        private static readonly FieldTable Ack = new(FieldSpec.String("id", required: true));

        public InputPlan Interpret(DeviceKey key, string channel, string? section, ReadOnlySpan<byte> payload)
        {
            if (channel != "ack")
                return Reading.Check(payload, key) is { } reason ? InputPlan.Reject(reason) : InputPlan.Report();
            Span<FieldValue> found = stackalloc FieldValue[Ack.ValueCount];
            return Ack.Check(payload, key, found) is { } defect
                ? InputPlan.Reject(defect)
                : InputPlan.Event("ack", new CommandAcknowledgement(null, Ack.Values(payload, found).String("id"), null));
        }

        public string CommandTopic(DeviceKey key) => $"thermo/{key.Id}/set";

        public CommandValidation ValidateCommand(DeviceKey key, ReadOnlySpan<byte> command) => new("set", null, null, []);

        public byte[] BuildCommandPayload(DeviceKey key, ReadOnlySpan<byte> command, string commandId, DateTimeOffset now) =>
            CommandPayloads.WithFields(command, now, ("id", commandId));
    }

    [Fact]
    public void A_new_family_is_one_profile_and_one_registration()
    {
        var config = Sys.Settings.Config;
        var profiles = new DeviceProfiles([.. DeviceProfiles.Create(config).All, new ThermoProfile()]);
        var mqtt = CreateTestProbe();
        var context = TestConfig.DeviceContext(config, mqtt.Ref, CreateTestProbe().Ref, profiles);
        var router = new TopicRouter(profiles);
        Assert.True(router.TryRoute("thermo/hall/reading", out var route));
        var device = Sys.ActorOf(DeviceActor.Props(route.EntityId!, context));

        device.Tell(new DeviceInput(route.EntityId!, route.Channel, "thermo/hall/reading", Encoding.UTF8.GetBytes("""{"temp":21.5,"unit":"C"}"""), DateTimeOffset.UtcNow));
        device.Tell(new SubmitCommand(route.EntityId!, Gateway.Contracts.Json.RawJson.Parse("""{"target":22}""")));
        var command = ExpectMsg<CommandSubmitted>().Command;
        mqtt.FishForMessage<Gateway.Protocols.Outbound.MqttPublish>(m => m.Topic == "thermo/hall/set");
        Assert.True(router.TryRoute("thermo/hall/ack", out var ack));
        device.Tell(new DeviceInput(route.EntityId!, ack.Channel, "thermo/hall/ack", Encoding.UTF8.GetBytes($$"""{"id":"{{command.CommandId}}"}"""), DateTimeOffset.UtcNow));
        device.Tell(new AwaitCommandSettled(route.EntityId!, command.CommandId));
        Assert.Equal(CommandStatus.Acknowledged, ExpectMsg<CommandView>().Status);
        device.Tell(new GetDeviceView(route.EntityId!));
        Assert.Contains("21.5", ExpectMsg<DeviceView>().Shadow.Reported.ToString());
    }
}
