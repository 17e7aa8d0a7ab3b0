using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Contracts;
using Gateway.Contracts.Json;
using Gateway.Contracts.Views;
using Gateway.Devices.Commands;
using Gateway.Devices.Journal;
using Gateway.Protocols;
using Gateway.Protocols.FamilyState;
using Gateway.Protocols.Validation;
using Xunit;

namespace Gateway.Tests.Serialization;

/// <summary>What device actors and the pending-commands registry journal, and the rows already written.</summary>
public sealed class DeviceJournalSerializerSpec(SerializationSystem fixture) : IClassFixture<SerializationSystem>
{
    private static readonly DateTimeOffset At = new(2025, 12, 1, 14, 23, 45, TimeSpan.Zero);
    private static readonly RawJson Payload = RawJson.Parse("""{"battery":84,"location":{"latitude":42.3589}}""");

    /// <summary>One instance of every journal entry; a type missing here fails <see cref="Every_journal_type_has_a_sample_and_a_manifest"/>.</summary>
    public static readonly IReadOnlyList<object> Samples =
    [
        new ReportedMerged("coalesced", RawJson.EmptyObject, At, Version: 9,
            Fields: [new StoredShadowField("battery", RawJson.Parse("84"), At), new StoredShadowField("gone", RawJson.Null, At)]),
        new DeviceEventRecorded("LAUNCH_ACKNOWLEDGED", Payload, At),
        new TranscriptRecorded(Payload, At),
        new DesiredUpdated(Payload, At),
        new CommandAccepted("c1", "LAUNCH", "M-1", Payload, 5000, 3, At),
        new CommandAttemptSent("c1", 2, At),
        new CommandAcknowledged("c1", At, Success: false, Error: "pump jammed", Response: Payload),
        new CommandTimedOut("c1", At),
        new LateAcknowledgementRecorded("c1", At),
        new DeviceSnapshot([new StoredShadowField("battery", RawJson.Parse("84"), At)], [], 7, At,
            [new StoredDeviceEvent("LANDED", At, Payload)], [Payload],
            [new StoredCommand("c1", "LAUNCH", "M-1", CommandStatus.Sent, At, null, 5000, 3, [new StoredCommandAttempt(1, At)], null, Payload)]),
        new FamilyStateRecorded("shadow-update", Payload, At),
        new DeviceHasPendingCommands("drone/Alpha-3"),
        new DeviceCommandsSettled("drone/Alpha-3"),
        new PendingCommandsSnapshot(["drone/Alpha-3", "esp32/org-123/esp32-001"]),
        new DirectorySnapshot([new DirectoryRow("drone/Alpha-3", At), new DirectoryRow("wardragon/wardragon-abc123", At, "drones", At, Payload)],
            [new TagOffset("drone", 42)], Backfilled: true),
        new RetentionMarked(At),
    ];

    public static TheoryData<int> SampleIndexes() => [.. Enumerable.Range(0, Samples.Count)];

    /// <summary>
    /// Every row of the fixture was written by the gateway before its journal entries and its
    /// messages got separate serializers (serializer identifier, manifest, stored bytes).
    /// </summary>
    public static TheoryData<int> RowsWrittenBeforeTheSplit() => [.. Enumerable.Range(0, ReadRows().Count)];

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public void Round_trips_through_the_journal_serializer_chosen_by_hocon(int index)
    {
        var sample = Samples[index];
        var back = fixture.RoundTrip<DeviceJournalSerializer>(sample);

        Assert.Equal(sample.GetType(), back.GetType());
        Assert.Equal(Json(sample), Json(back));
    }

    /// <summary>
    /// Found by DeviceInputFuzzProperties: the checks read payloads up to System.Text.Json's default
    /// depth (64), so a 64-level ANC telemetry group was accepted as a reported section; its shadow
    /// view could not be written, and a 63-level telemetry field's coalesced entry could not be read
    /// back, so that device never recovered. The checks now stop at <see cref="FieldTable.MaxPayloadDepth"/>.
    /// </summary>
    [Fact]
    public void The_deepest_payload_a_check_accepts_is_carried_by_views_and_journal_entries()
    {
        var deepest = string.Concat(Enumerable.Repeat("{\"a\":", FieldTable.MaxPayloadDepth)) + "1" + new string('}', FieldTable.MaxPayloadDepth);
        Assert.Null(FieldTable.AnyObject.Check(Encoding.UTF8.GetBytes(deepest), default));
        Assert.StartsWith("payload is not valid JSON", FieldTable.AnyObject.Check(Encoding.UTF8.GetBytes($$"""{"f":{{deepest}}}"""), default));
        var entry = new ReportedMerged("coalesced", RawJson.EmptyObject, At, Version: 1, Fields: [new StoredShadowField("f", RawJson.Parse(deepest), At)]);

        var back = Assert.IsType<ReportedMerged>(fixture.RoundTrip<DeviceJournalSerializer>(entry));

        Assert.Equal(deepest, Assert.Single(back.Fields!).Value.ToString());
        var view = new ShadowView(RawJson.Parse($$"""{"anc":{{deepest}}}"""), RawJson.EmptyObject, RawJson.EmptyObject, 1, RawJson.EmptyObject);
        Assert.Contains(deepest, Encoding.UTF8.GetString(fixture.System.Serialization.FindSerializerFor(view).ToBinary(view)));
    }

    [Fact]
    public void Every_journal_type_has_a_sample_and_a_manifest()
    {
        var journalTypes = typeof(IDeviceJournalEntry).Assembly.GetTypes()
            .Where(t => typeof(IDeviceJournalEntry).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false })
            .Append(typeof(FamilyStateRecorded))
            .OrderBy(t => t.Name)
            .ToList();
        Assert.Equal(journalTypes, Samples.Select(s => s.GetType()).OrderBy(t => t.Name));
        Assert.All(Samples, s => Assert.NotEmpty(Serializer.Manifest(s))); // a type the serializer does not own throws
    }

    [Fact]
    public void Journal_entries_are_not_messages_and_messages_are_not_journal_entries()
    {
        Assert.All(Samples, s => Assert.False(s is IGatewayMessage, $"{s.GetType().Name} is both"));
        var messages = fixture.Serializer<Gateway.Contracts.Serialization.GatewaySerializer>(typeof(Gateway.Contracts.Messages.GetDeviceView));
        Assert.All(Samples, s => Assert.Throws<System.Runtime.Serialization.SerializationException>(() => messages.Manifest(s)));
        Assert.All(GatewaySerializerSpec.Samples, s => Assert.Throws<System.Runtime.Serialization.SerializationException>(() => Serializer.Manifest(s)));
    }

    [Theory]
    [MemberData(nameof(RowsWrittenBeforeTheSplit))]
    public void A_row_written_before_the_split_reads_back_and_is_written_again_as_it_was(int index)
    {
        var (identifier, manifest, json) = ReadRows()[index];

        var entry = fixture.System.Serialization.Deserialize(Encoding.UTF8.GetBytes(json), identifier, manifest);
        var serializer = fixture.System.Serialization.FindSerializerFor(entry);

        Assert.Equal(identifier, serializer.Identifier);
        Assert.Equal(manifest, Akka.Serialization.Serialization.ManifestFor(serializer, entry));
        var written = Encoding.UTF8.GetString(serializer.ToBinary(entry));
        // Snapshots kept each command's settled outcome beside its status, which said the same;
        // the stored command keeps the status alone and the view derives the outcome again.
        Assert.Equal(manifest == "sn" ? WithoutCommandOutcomes(json) : json, written);
    }

    [Fact]
    public void A_snapshot_written_before_the_split_restores_every_command_as_it_was()
    {
        var (identifier, manifest, json) = ReadRows().First(r => r.Manifest == "sn");
        var snapshot = Assert.IsType<DeviceSnapshot>(fixture.System.Serialization.Deserialize(Encoding.UTF8.GetBytes(json), identifier, manifest));
        var log = new CommandLog(historyLimit: 10);

        log.Restore(snapshot.Commands);

        Assert.True(log.TryGet("c0", out var settled));
        var view = settled.ToView(CommandStatusNames.Default);
        Assert.Equal((CommandStatus.Failed, CommandStatus.Failed, "pump jammed", 2), (view.Status, view.Outcome, view.Error, view.Attempts.Count));
        Assert.Equal("""{"code":7}""", Encoding.UTF8.GetString(view.Response!.Value.Span));
        Assert.Equal(At.AddSeconds(8), view.LateAcknowledgedAt);
        Assert.True(log.TryGet("c1", out var pending));
        Assert.Equal((CommandStatus.Sent, (string?)null, "M-1"), (pending.ToView(CommandStatusNames.Default).Status, pending.ToView(CommandStatusNames.Default).Outcome, pending.CorrelationId));
        Assert.Equal(["LANDED"], snapshot.RecentEvents.Select(e => e.Event));
        Assert.Equal("""{"classic":{"version":3}}""", Encoding.UTF8.GetString(snapshot.Extension!.Value.Span));
    }

    [Fact]
    public void The_journal_keeps_the_identifier_its_rows_name()
    {
        Assert.All(ReadRows(), r => Assert.Equal(DeviceJournalSerializer.SerializerId, r.Identifier));
        Assert.NotEqual(DeviceJournalSerializer.SerializerId, Gateway.Contracts.Serialization.GatewaySerializer.SerializerId);
    }

    [Fact]
    public void Device_payloads_are_stored_as_json_not_base64()
    {
        var text = Encoding.UTF8.GetString(Serializer.ToBinary(new ReportedMerged(DeviceChannel.Telemetry, Payload, At)));
        Assert.Contains("\"payload\":{\"battery\":84", text);
    }

    [Fact]
    public void An_unknown_manifest_is_a_clear_error()
    {
        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => Serializer.FromBinary("{}"u8.ToArray(), "zz"));
        Assert.Contains("zz", error.Message);
    }

    private DeviceJournalSerializer Serializer => fixture.Serializer<DeviceJournalSerializer>(typeof(ReportedMerged));

    private static List<(int Identifier, string Manifest, string Json)> ReadRows() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "journal", "written-before-the-split.tsv"))
            .Select(line => line.Split('\t', 3))
            .Select(f => (int.Parse(f[0]), f[1], f[2]))
            .ToList();

    private static string WithoutCommandOutcomes(string snapshotJson)
    {
        var node = JsonNode.Parse(snapshotJson)!;
        foreach (var command in node["commands"]!.AsArray())
            command!.AsObject().Remove("outcome");
        return node.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    // Records with list members compare by reference, so equality is checked on the JSON form.
    private static string Json(object value) =>
        JsonSerializer.Serialize(value, value.GetType(), DeviceJournalJsonContext.Default);
}
