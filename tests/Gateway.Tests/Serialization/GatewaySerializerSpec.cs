using System.Text.Json;
using Akka.Actor;
using Gateway.Contracts;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Serialization;
using Gateway.Contracts.Views;
using Gateway.Contracts.Watching;
using Xunit;

namespace Gateway.Tests.Serialization;

/// <summary>The messages and views that cross the network, between nodes and to clients.</summary>
public sealed class GatewaySerializerSpec(SerializationSystem fixture) : IClassFixture<SerializationSystem>
{
    private static readonly DateTimeOffset At = new(2025, 12, 1, 14, 23, 45, TimeSpan.Zero);
    private static readonly RawJson Payload = RawJson.Parse("""{"battery":84,"location":{"latitude":42.3589}}""");
    private static readonly CommandView Command = new("c1", "LAUNCH", "M-1", CommandStatus.Sent, At, null, 5000, 3,
        [new CommandAttemptView(1, At)], null, Payload);
    private static readonly ShadowView Shadow = new(Payload, RawJson.EmptyObject, RawJson.EmptyObject, 3, RawJson.EmptyObject);

    /// <summary>One instance of every type the serializer owns; a type missing here fails <see cref="Every_message_type_has_a_sample_and_a_manifest"/>.</summary>
    public static readonly IReadOnlyList<object> Samples =
    [
        new DeviceInput("drone/Alpha-3", DeviceChannel.Telemetry, "/drone/Alpha-3/telemetry", "{\"battery\":84}"u8.ToArray(), At, AwaitsJournal: true),
        InputTaken.Instance,
        new GetDeviceView("drone/Alpha-3"),
        new DeviceNotFound("drone/Alpha-3"),
        new SubmitCommand("drone/Alpha-3", Payload),
        new PublishedCommand("drone/Alpha-3", "/drone/Alpha-3/command", "{\"command\":\"LAUNCH\"}"u8.ToArray(), At, "backend"),
        new CommandSubmitted("drone/Alpha-3", Command),
        new CommandInvalid("drone/Alpha-3", [new FieldError("destination", "is required")]),
        new GetCommandStatus("drone/Alpha-3", "c1"),
        new GetCommands("drone/Alpha-3"),
        new CommandList("drone/Alpha-3", [Command]),
        new AwaitCommandSettled("drone/Alpha-3", "c1"),
        new CommandNotFound("drone/Alpha-3", "c1"),
        new SetDesired("drone/Alpha-3", Payload),
        new DesiredInvalid("drone/Alpha-3", [new FieldError("$", "not an object")]),
        new WakeDevice("drone/Alpha-3"),
        new ApplyRetention("drone/Alpha-3"),
        new RetentionReady("drone/Alpha-3", 42),
        new DeviceView("drone", null, "Alpha-3", true, At, Shadow, [new DeviceEventView("AED_DEPLOYED", At, Payload)], [Payload], [Command],
            [new RejectionView("battery must be a number from 0 to 100", "/drone/Alpha-3/telemetry", At)]),
        Shadow,
        Command,
        new StartWatching("device:15:drone/Alpha-3"),
        new WatchingStarted("device:15:drone/Alpha-3"),
        new StopWatching("family:8:drone"),
        new DeviceChanged("drone/Alpha-3", new DeviceView("drone", null, "Alpha-3", true, At, Shadow, [], [], [Command], [])),
        new CommandChanged("drone/Alpha-3", Command with { Status = CommandStatus.Acknowledged, Outcome = "acknowledged" }),
        new DeviceEventAdded("drone/Alpha-3", new DeviceEventView("AED_DEPLOYED", At, Payload)),
        new TranscriptLineAdded("drone/Alpha-3", Payload, At),
        new GetDirectory("esp32", "org-123", true, 2, 50),
        new DirectoryPage([new DirectoryDevice("drone", null, "Alpha-3", true, At),
            new DirectoryDevice("wardragon", null, "wardragon-abc123", false, At, new KitView("mqtt", new KitData("drones", At, Payload)))], 1, 50, 2, 1),
    ];

    private readonly ActorSystem _system = fixture.System;

    public static TheoryData<int> SampleIndexes() => [.. Enumerable.Range(0, Samples.Count)];

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public void Round_trips_through_the_gateway_serializer_chosen_by_hocon(int index)
    {
        var sample = Samples[index];
        var back = fixture.RoundTrip<GatewaySerializer>(sample);

        Assert.Equal(sample.GetType(), back.GetType());
        Assert.Equal(Json(sample), Json(back));
    }

    [Fact]
    public void Every_message_type_has_a_sample_and_a_manifest()
    {
        var wireTypes = typeof(IGatewayMessage).Assembly.GetTypes()
            .Where(t => typeof(IGatewayMessage).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false })
            .OrderBy(t => t.Name)
            .ToList();
        Assert.Equal(wireTypes, Samples.Select(s => s.GetType()).OrderBy(t => t.Name));
        Assert.All(Samples, s => Assert.NotEmpty(Serializer.Manifest(s))); // a type the serializer does not own throws
    }

    [Fact]
    public void Manifests_are_short_and_unique()
    {
        var manifests = Samples.Select(Serializer.Manifest).ToList();
        Assert.Equal(manifests.Count, manifests.Distinct().Count());
        Assert.All(manifests, m => Assert.InRange(m.Length, 1, 3));
    }

    [Fact]
    public void No_message_falls_back_to_newtonsoft()
    {
        foreach (var sample in Samples)
            Assert.IsNotType<Akka.Serialization.NewtonSoftJsonSerializer>(_system.Serialization.FindSerializerFor(sample));
    }

    [Fact]
    public void An_unknown_manifest_is_a_clear_error()
    {
        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => Serializer.FromBinary("{}"u8.ToArray(), "zz"));
        Assert.Contains("zz", error.Message);
    }

    private GatewaySerializer Serializer => fixture.Serializer<GatewaySerializer>(typeof(GetDeviceView));

    // Records with list members compare by reference, so equality is checked on the JSON form.
    private static string Json(object value) =>
        JsonSerializer.Serialize(value, value.GetType(), GatewayJsonContext.Default);
}
