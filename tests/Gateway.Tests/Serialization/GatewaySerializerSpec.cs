using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Gateway.Contracts;
using Gateway.Contracts.Events;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Serialization;
using Gateway.Contracts.Views;
using Gateway.Contracts.Watching;
using Xunit;

namespace Gateway.Tests.Serialization;

public sealed class GatewaySerializerSpec(SerializationSystem fixture) : IClassFixture<SerializationSystem>
{
    private static readonly DateTimeOffset At = new(2025, 12, 1, 14, 23, 45, TimeSpan.Zero);
    private static readonly RawJson Payload = RawJson.Parse("""{"battery":84,"location":{"latitude":42.3589}}""");
    private static readonly CommandView Command = new("c1", "LAUNCH", "M-1", CommandStatus.Sent, At, null, 5000, 3,
        [new CommandAttemptView(1, At)], null, Payload);
    private static readonly ShadowView Shadow = new(Payload, RawJson.EmptyObject, RawJson.EmptyObject, 3, RawJson.EmptyObject);

    /// <summary>One instance of every type the serializer owns; a type missing here fails <see cref="Every_gateway_type_has_a_sample"/>.</summary>
    public static readonly IReadOnlyList<object> Samples =
    [
        new DeviceInput("drone/Alpha-3", DeviceChannel.Telemetry, "/drone/Alpha-3/telemetry", "{\"battery\":84}"u8.ToArray(), At),
        new GetDeviceView("drone/Alpha-3"),
        new DeviceNotFound("drone/Alpha-3"),
        new SubmitCommand("drone/Alpha-3", Payload),
        new CommandSubmitted("drone/Alpha-3", Command),
        new CommandInvalid("drone/Alpha-3", [new FieldError("destination", "is required")]),
        new GetCommandStatus("drone/Alpha-3", "c1"),
        new AwaitCommandSettled("drone/Alpha-3", "c1"),
        new CommandNotFound("drone/Alpha-3", "c1"),
        new SetDesired("drone/Alpha-3", Payload),
        new DesiredInvalid("drone/Alpha-3", [new FieldError("$", "not an object")]),
        new WakeDevice("drone/Alpha-3"),
        new DeviceView("drone", null, "Alpha-3", true, At, Shadow, [new DeviceEventView("AED_DEPLOYED", At, Payload)], [Payload], [Command],
            [new RejectionView("battery must be a number from 0 to 100", "/drone/Alpha-3/telemetry", At)]),
        Shadow,
        Command,
        new ReportedMerged("coalesced", RawJson.EmptyObject, At, Version: 9,
            Fields: [new ShadowFieldSnapshot("battery", RawJson.Parse("84"), At), new ShadowFieldSnapshot("gone", RawJson.Null, At)]),
        new DeviceEventRecorded("LAUNCH_ACKNOWLEDGED", Payload, At),
        new TranscriptRecorded(Payload, At),
        new DesiredUpdated(Payload, At),
        new CommandAccepted("c1", "LAUNCH", "M-1", Payload, 5000, 3, At),
        new CommandAttemptSent("c1", 2, At),
        new CommandAcknowledged("c1", At, Success: false, Error: "pump jammed", Response: Payload),
        new CommandTimedOut("c1", At),
        new LateAcknowledgementRecorded("c1", At),
        new DeviceSnapshot([new ShadowFieldSnapshot("battery", RawJson.Parse("84"), At)], [], 7, At,
            [new DeviceEventView("LANDED", At, Payload)], [Payload], [Command]),
        new DeviceHasPendingCommands("drone/Alpha-3"),
        new DeviceCommandsSettled("drone/Alpha-3"),
        new PendingCommandsSnapshot(["drone/Alpha-3", "esp32/org-123/esp32-001"]),
        new ExtensionRecorded("shadow-update", Payload, At),
        new StartWatching("device:drone/Alpha-3"),
        new WatchingStarted("device:drone/Alpha-3"),
        new StopWatching("family:drone"),
        new DeviceChanged("drone/Alpha-3", new DeviceView("drone", null, "Alpha-3", true, At, Shadow, [], [], [Command], [])),
        new CommandChanged("drone/Alpha-3", Command with { Status = CommandStatus.Acknowledged, Outcome = "acknowledged" }),
    ];

    private readonly ActorSystem _system = fixture.System;

    public static TheoryData<int> SampleIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Samples.Count; i++)
            data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public void Round_trips_through_the_gateway_serializer_chosen_by_hocon(int index)
    {
        var sample = Samples[index];
        var serializer = _system.Serialization.FindSerializerFor(sample);
        Assert.IsType<GatewaySerializer>(serializer);

        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, sample);
        var bytes = serializer.ToBinary(sample);
        var back = _system.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        Assert.Equal(Json(sample), Json(back));
        Assert.Equal(sample.GetType(), back.GetType());
    }

    [Fact]
    public void Every_gateway_type_has_a_sample_and_a_manifest()
    {
        var wireTypes = typeof(IGatewayMessage).Assembly.GetTypes()
            .Where(t => typeof(IGatewayMessage).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false })
            .ToHashSet();
        Assert.Equal(wireTypes.OrderBy(t => t.Name), GatewaySerializer.SupportedTypes.OrderBy(t => t.Name));
        Assert.Equal(wireTypes.OrderBy(t => t.Name), Samples.Select(s => s.GetType()).OrderBy(t => t.Name));
    }

    [Fact]
    public void Manifests_are_short_and_unique()
    {
        var serializer = (GatewaySerializer)_system.Serialization.FindSerializerForType(typeof(GetDeviceView));
        var manifests = Samples.Select(serializer.Manifest).ToList();
        Assert.Equal(manifests.Count, manifests.Distinct().Count());
        Assert.All(manifests, m => Assert.InRange(m.Length, 1, 3));
    }

    [Fact]
    public void No_gateway_type_falls_back_to_newtonsoft()
    {
        foreach (var sample in Samples)
            Assert.IsNotType<Akka.Serialization.NewtonSoftJsonSerializer>(_system.Serialization.FindSerializerFor(sample));
    }

    [Fact]
    public void Device_payloads_are_stored_as_json_not_base64()
    {
        var serializer = _system.Serialization.FindSerializerFor(Samples[15]);
        var text = System.Text.Encoding.UTF8.GetString(serializer.ToBinary(new ReportedMerged(DeviceChannel.Telemetry, Payload, At)));
        Assert.Contains("\"payload\":{\"battery\":84", text);
    }

    [Fact]
    public void An_unknown_manifest_is_a_clear_error()
    {
        var serializer = (GatewaySerializer)_system.Serialization.FindSerializerForType(typeof(GetDeviceView));
        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary("{}"u8.ToArray(), "zz"));
        Assert.Contains("zz", error.Message);
    }

    // Records with list members compare by reference, so equality is checked on the JSON form.
    private static string Json(object value) =>
        JsonSerializer.Serialize(value, value.GetType(), GatewayJsonContext.Default);
}

/// <summary>One actor system with the gateway's serialization settings, shared by the serializer specs.</summary>
public sealed class SerializationSystem : IDisposable
{
    public ActorSystem System { get; } = ActorSystem.Create("serialization", TestConfig.Gateway.WithFallback(
        ConfigurationFactory.ParseString("akka.actor.provider = local")));

    public void Dispose() => System.Terminate().Wait(TimeSpan.FromSeconds(10));
}
