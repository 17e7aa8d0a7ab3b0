using System.Text.Json;
using CsCheck;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Serialization;
using Gateway.Contracts.Views;
using Gateway.Contracts.Watching;
using Gateway.Devices.Journal;
using Gateway.Protocols.FamilyState;
using Gateway.Tests.Protocols;
using Xunit;

namespace Gateway.Tests.Serialization;

/// <summary>
/// Generated instances of every type the gateway serializer and the device journal serializer own
/// (any text in ids and names, any time and offset, nulls where a field may be null, lists empty
/// or not, any JSON in payloads) read back, through the serializer HOCON binds them to, as the
/// same JSON values (a payload object or array is read back re-serialized, so <c>"é"</c> may come
/// back as <c>"\u00E9"</c>), and a second round trip gives the same bytes: the serializer specs'
/// one sample of each type, widened.
/// </summary>
public sealed class SerializerRoundTripProperties(SerializationSystem fixture) : IClassFixture<SerializationSystem>
{
    private static readonly long Iterations = PropertyRuns.Iterations(2_000);

    // Text as device ids, topics and messages hold it: any UTF-16 but half a surrogate pair (MQTT and
    // HTTP decode UTF-8, so no such string reaches a message), control characters and quotes among it.
    private static readonly Gen<string> Text = Gen.Frequency(
        (3, Gen.Char.Where(c => !char.IsSurrogate(c)).Array[0, 16].Select(c => new string(c))),
        (2, Gen.OneOf("drone/Alpha-3", "esp32/org-123/esp32-001", "anc/anc-device-001", "", "é中𝄞", "a\"b\\c\n\u0000", "\u2028</script>")));

    private static readonly Gen<string?> MaybeText = Gen.Frequency((1, Gen.Const((string?)null)), (3, Text.Select(s => (string?)s)));

    private static readonly Gen<DateTimeOffset> Time = Gen.Select(Gen.Long[DateTimeOffset.UnixEpoch.Ticks, new DateTimeOffset(2200, 1, 1, 0, 0, 0, TimeSpan.Zero).Ticks], Gen.Int[-14 * 60, 14 * 60])
        .Select((ticks, minutes) => new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(minutes)));

    private static readonly Gen<DateTimeOffset?> MaybeTime = Gen.Frequency((1, Gen.Const((DateTimeOffset?)null)), (2, Time.Select(t => (DateTimeOffset?)t)));

    private static readonly Gen<RawJson> Json = Gen.Frequency((4, WellFormedJson.Object(3)), (1, WellFormedJson.Value(2))).Select(RawJson.Parse);

    private static readonly Gen<RawJson?> MaybeJson = Gen.Frequency((1, Gen.Const((RawJson?)null)), (2, Json.Select(j => (RawJson?)j)));

    private static Gen<IReadOnlyList<T>> List<T>(Gen<T> item) => item.Array[0, 4].Select(a => (IReadOnlyList<T>)a);

    private static readonly Gen<FieldError> Error = Gen.Select(Text, Text, (f, m) => new FieldError(f, m));

    private static readonly Gen<CommandView> Command =
        Gen.Select(Gen.Select(Text, Text, MaybeText, Gen.OneOf(CommandStatus.Pending, CommandStatus.Sent, CommandStatus.Acknowledged, CommandStatus.Failed, CommandStatus.TimedOut, "custom")),
                Gen.Select(Time, MaybeTime, Gen.Int, Gen.Int), List(Gen.Select(Gen.Int, Time, (a, t) => new CommandAttemptView(a, t))),
                Gen.Select(MaybeTime, Json, MaybeText, MaybeJson), Gen.Select(MaybeText, MaybeText))
            .Select((a, b, attempts, c, d) => new CommandView(a.Item1, a.Item2, a.Item3, a.Item4, b.Item1, b.Item2, b.Item3, b.Item4, attempts, c.Item1, c.Item2, c.Item3, c.Item4, d.Item1, d.Item2));

    private static readonly Gen<ShadowView> Shadow = Gen.Select(Json, Json, Json, Gen.Long, Json, (r, d, delta, v, m) => new ShadowView(r, d, delta, v, m));

    private static readonly Gen<DeviceView> View =
        Gen.Select(Gen.Select(Text, MaybeText, Text, Gen.Bool, MaybeTime), Shadow,
                List(Gen.Select(Text, Time, Json, (e, t, p) => new DeviceEventView(e, t, p))), List(Json), List(Command),
                List(Gen.Select(Text, Text, Time, (r, t, at) => new RejectionView(r, t, at))), MaybeJson)
            .Select((a, shadow, events, transcript, commands, rejections, extension) =>
                new DeviceView(a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, shadow, events, transcript, commands, rejections, extension));

    private static readonly Gen<KitView?> Kit = Gen.Frequency((1, Gen.Const((KitView?)null)),
        (2, Gen.Select(Text, Gen.Frequency((1, Gen.Const((KitData?)null)), (2, Gen.Select(Text, Time, Json, (c, t, d) => (KitData?)new KitData(c, t, d)))),
            (source, data) => (KitView?)new KitView(source, data))));

    private static readonly Gen<DirectoryDevice> Listed =
        Gen.Select(Gen.Select(Text, MaybeText, Text), Gen.Bool, MaybeTime, Kit, (a, online, seen, kit) => new DirectoryDevice(a.Item1, a.Item2, a.Item3, online, seen, kit));

    /// <summary>Every type the gateway serializer owns, generated.</summary>
    public static readonly IReadOnlyList<Gen<object>> Messages =
    [
        Gen.Select(Gen.Select(Text, Text, Text), Gen.Byte.Array[0, 64], Time, MaybeText, Gen.Bool)
            .Select((a, payload, at, section, awaits) => (object)new DeviceInput(a.Item1, a.Item2, a.Item3, payload, at, section, awaits)),
        Gen.Const<object>(InputTaken.Instance),
        Text.Select(id => (object)new GetDeviceView(id)),
        Text.Select(id => (object)new DeviceNotFound(id)),
        Gen.Select(Text, Json, (id, c) => (object)new SubmitCommand(id, c)),
        Gen.Select(Gen.Select(Text, Text, Text), Gen.Byte.Array[0, 64], Time)
            .Select((a, payload, at) => (object)new PublishedCommand(a.Item1, a.Item2, payload, at, a.Item3)),
        Gen.Select(Text, Command, (id, c) => (object)new CommandSubmitted(id, c)),
        Gen.Select(Text, List(Error), (id, e) => (object)new CommandInvalid(id, e)),
        Gen.Select(Text, Text, (id, c) => (object)new GetCommandStatus(id, c)),
        Text.Select(id => (object)new GetCommands(id)),
        Gen.Select(Text, List(Command), (id, c) => (object)new CommandList(id, c)),
        Gen.Select(Text, Text, (id, c) => (object)new AwaitCommandSettled(id, c)),
        Gen.Select(Text, Text, (id, c) => (object)new CommandNotFound(id, c)),
        Gen.Select(Text, Json, (id, d) => (object)new SetDesired(id, d)),
        Gen.Select(Text, List(Error), (id, e) => (object)new DesiredInvalid(id, e)),
        Text.Select(id => (object)new WakeDevice(id)),
        Text.Select(id => (object)new ApplyRetention(id)),
        Gen.Select(Text, Gen.Long, (id, s) => (object)new RetentionReady(id, s)),
        View.Select(v => (object)v),
        Shadow.Select(s => (object)s),
        Command.Select(c => (object)c),
        Text.Select(t => (object)new StartWatching(t)),
        Text.Select(t => (object)new WatchingStarted(t)),
        Text.Select(t => (object)new StopWatching(t)),
        Gen.Select(Text, View, (id, v) => (object)new DeviceChanged(id, v)),
        Gen.Select(Text, Command, (id, c) => (object)new CommandChanged(id, c)),
        Gen.Select(Text, Text, Time, Json).Select((id, e, t, p) => (object)new DeviceEventAdded(id, new DeviceEventView(e, t, p))),
        Gen.Select(Text, Json, Time, (id, l, t) => (object)new TranscriptLineAdded(id, l, t)),
        Gen.Select(MaybeText, MaybeText, Gen.Frequency((1, Gen.Const((bool?)null)), (2, Gen.Bool.Select(b => (bool?)b))), Gen.Int, Gen.Int)
            .Select((kind, org, online, page, size) => (object)new GetDirectory(kind, org, online, page, size)),
        Gen.Select(List(Listed), Gen.Int, Gen.Int, Gen.Int, Gen.Int).Select((devices, page, size, total, pages) => (object)new DirectoryPage(devices, page, size, total, pages)),
    ];

    private static readonly Gen<StoredShadowField> Field = Gen.Select(Text, Gen.Frequency((1, Gen.Const(RawJson.Null)), (4, Json)), Time, (n, v, t) => new StoredShadowField(n, v, t));

    private static readonly Gen<StoredCommand> Stored =
        Gen.Select(Gen.Select(Text, Text, MaybeText, Gen.OneOf(CommandStatus.Pending, CommandStatus.Sent, CommandStatus.Acknowledged, CommandStatus.Failed, CommandStatus.TimedOut)),
                Gen.Select(Time, MaybeTime, Gen.Int, Gen.Int), List(Gen.Select(Gen.Int, Time, (a, t) => new StoredCommandAttempt(a, t))),
                Gen.Select(MaybeTime, Json, MaybeText, MaybeJson), MaybeText)
            .Select((a, b, attempts, c, by) => new StoredCommand(a.Item1, a.Item2, a.Item3, a.Item4, b.Item1, b.Item2, b.Item3, b.Item4, attempts, c.Item1, c.Item2, c.Item3, c.Item4, by));

    /// <summary>Every type the device journal serializer owns, generated.</summary>
    public static readonly IReadOnlyList<Gen<object>> JournalEntries =
    [
        Gen.Select(Gen.Select(Text, Json, Time), MaybeText, Gen.Frequency((1, Gen.Const((long?)null)), (1, Gen.Long.Select(v => (long?)v))),
                Gen.Frequency((1, Gen.Const((IReadOnlyList<StoredShadowField>?)null)), (1, List(Field).Select(f => (IReadOnlyList<StoredShadowField>?)f))))
            .Select((a, section, version, fields) => (object)new ReportedMerged(a.Item1, a.Item2, a.Item3, section, version, fields)),
        Gen.Select(Text, Json, Time, (e, p, t) => (object)new DeviceEventRecorded(e, p, t)),
        Gen.Select(Json, Time, (p, t) => (object)new TranscriptRecorded(p, t)),
        Gen.Select(Json, Time, (d, t) => (object)new DesiredUpdated(d, t)),
        Gen.Select(Gen.Select(Text, Text, MaybeText, Json), Gen.Int, Gen.Int, Time, MaybeText)
            .Select((a, timeout, attempts, t, by) => (object)new CommandAccepted(a.Item1, a.Item2, a.Item3, a.Item4, timeout, attempts, t, by)),
        Gen.Select(Text, Gen.Int, Time, (c, a, t) => (object)new CommandAttemptSent(c, a, t)),
        Gen.Select(Text, Time, Gen.Bool, MaybeText, MaybeJson).Select((c, t, s, e, r) => (object)new CommandAcknowledged(c, t, s, e, r)),
        Gen.Select(Text, Time, (c, t) => (object)new CommandTimedOut(c, t)),
        Gen.Select(Text, Time, Gen.Bool, MaybeText, MaybeJson).Select((c, t, s, e, r) => (object)new LateAcknowledgementRecorded(c, t, s, e, r)),
        Gen.Select(Gen.Select(List(Field), List(Field), Gen.Long, MaybeTime), List(Gen.Select(Text, Time, Json, (e, t, p) => new StoredDeviceEvent(e, t, p))),
                List(Json), List(Stored), MaybeJson,
                Gen.Frequency((1, Gen.Const((IReadOnlyList<DateTimeOffset>?)null)), (1, List(Time).Select(t => (IReadOnlyList<DateTimeOffset>?)t))))
            .Select((a, events, transcript, commands, extension, times) => (object)new DeviceSnapshot(a.Item1, a.Item2, a.Item3, a.Item4, events, transcript, commands, extension, times)),
        Gen.Select(Text, Json, Time, (n, p, t) => (object)new FamilyStateRecorded(n, p, t)),
        Text.Select(id => (object)new DeviceHasPendingCommands(id)),
        Text.Select(id => (object)new DeviceCommandsSettled(id)),
        List(Text).Select(ids => (object)new PendingCommandsSnapshot(ids)),
        Gen.Select(List(Gen.Select(Gen.Select(Text, MaybeTime), MaybeText, MaybeTime, MaybeJson, (a, channel, at, data) => new DirectoryRow(a.Item1, a.Item2, channel, at, data))),
                List(Gen.Select(Text, Gen.Long, (tag, offset) => new TagOffset(tag, offset))), Gen.Bool)
            .Select((rows, offsets, backfilled) => (object)new DirectorySnapshot(rows, offsets, backfilled)),
        Time.Select(t => (object)new RetentionMarked(t)),
    ];

    [Fact]
    public void Generated_messages_round_trip_through_the_gateway_serializer() =>
        Gen.OneOf<object>([.. Messages]).Sample(message =>
        {
            var back = fixture.RoundTrip<GatewaySerializer>(message);
            Assert.Equal(message.GetType(), back.GetType());
            var (sent, read) = (JsonOf(message, GatewayJsonContext.Default), JsonOf(back, GatewayJsonContext.Default));
            Assert.True(JsonReference.Same(sent, read), $"read back as {read}");
            // Payloads that are objects or arrays are read back re-serialized (RawJson): once read, they stay as they are.
            Assert.Equal(read, JsonOf(fixture.RoundTrip<GatewaySerializer>(back), GatewayJsonContext.Default));
        }, iter: Iterations, print: m => JsonOf(m, GatewayJsonContext.Default));

    [Fact]
    public void Generated_journal_entries_round_trip_through_the_journal_serializer() =>
        Gen.OneOf<object>([.. JournalEntries]).Sample(entry =>
        {
            var back = fixture.RoundTrip<Gateway.Devices.Journal.DeviceJournalSerializer>(entry);
            Assert.Equal(entry.GetType(), back.GetType());
            var (sent, read) = (JsonOf(entry, DeviceJournalJsonContext.Default), JsonOf(back, DeviceJournalJsonContext.Default));
            Assert.True(JsonReference.Same(sent, read), $"read back as {read}");
            // Payloads that are objects or arrays are read back re-serialized (RawJson): once read, they stay as they are.
            Assert.Equal(read, JsonOf(fixture.RoundTrip<Gateway.Devices.Journal.DeviceJournalSerializer>(back), DeviceJournalJsonContext.Default));
        }, iter: Iterations, print: e => JsonOf(e, DeviceJournalJsonContext.Default));

    [Fact]
    public void Every_type_the_serializers_own_is_generated()
    {
        var pcg = new PCG(1);
        Assert.Equal(GatewaySerializerSpec.Samples.Select(s => s.GetType()).OrderBy(t => t.Name), Messages.Select(g => g.Generate(pcg, null, out _).GetType()).OrderBy(t => t.Name));
        Assert.Equal(DeviceJournalSerializerSpec.Samples.Select(s => s.GetType()).OrderBy(t => t.Name), JournalEntries.Select(g => g.Generate(pcg, null, out _).GetType()).OrderBy(t => t.Name));
    }

    // Records with list members compare by reference, so equality is checked on the JSON form, as the serializer specs do.
    private static string JsonOf(object value, System.Text.Json.Serialization.JsonSerializerContext context) =>
        JsonSerializer.Serialize(value, value.GetType(), context);
}
