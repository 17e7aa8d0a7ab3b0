using System.Text;
using System.Text.Json;
using Gateway.Devices.Shadow;
using Gateway.Tests.Protocols;
using Xunit;

namespace Gateway.Tests.Devices;

public sealed class ShadowDocumentSpec
{
    private static readonly DateTimeOffset T1 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddSeconds(2);

    [Fact]
    public void Merges_top_level_fields_and_reports_changes()
    {
        var doc = new ShadowDocument();
        Assert.True(doc.Merge(DroneExamples.Utf8(DroneExamples.Telemetry), T1));
        Assert.False(doc.Merge(DroneExamples.Utf8(DroneExamples.Telemetry), T2));
        Assert.True(doc.Merge("""{"battery":83}"""u8, T2));

        var json = Json(doc.WriteTo);
        Assert.Equal(83, json.GetProperty("battery").GetInt32());
        Assert.Equal(42.3589, json.GetProperty("location").GetProperty("latitude").GetDouble());
        Assert.Equal("IN_FLIGHT", json.GetProperty("status").GetString());
        Assert.Equal(T2, UpdatedAt(doc, "status")); // reported again, unchanged: its time still moves
    }

    [Fact]
    public void A_message_received_before_the_last_update_of_a_field_does_not_overwrite_it()
    {
        // Shared subscriptions hand consecutive messages to different nodes: the later one can arrive first.
        var doc = new ShadowDocument();
        doc.Merge("""{"seq":2,"battery":80}"""u8, T2);

        Assert.True(doc.Merge("""{"seq":1,"status":"READY","battery":null}"""u8, T1));

        Assert.Equal("""{"seq":2,"battery":80,"status":"READY"}""", Text(doc.WriteTo));
        Assert.Equal(T2, UpdatedAt(doc, "seq"));
        Assert.False(doc.Set("seq", "1"u8, T1));
    }

    [Fact]
    public void A_null_removes_a_field()
    {
        var doc = new ShadowDocument();
        doc.Merge("""{"a":1,"b":{"c":2}}"""u8, T1);
        Assert.True(doc.Merge("""{"b":null}"""u8, T2));
        Assert.False(doc.Merge("""{"zz":null}"""u8, T2));
        Assert.Equal("""{"a":1}""", Text(doc.WriteTo));
    }

    [Fact]
    public void Values_of_other_lengths_and_escaped_names_merge_too()
    {
        var doc = new ShadowDocument();
        doc.Merge("""{"status":"READY","na\u006de":"x"}"""u8, T1);
        doc.Merge("""{"status":"IN_FLIGHT","name":"longer value"}"""u8, T2);
        Assert.Equal("""{"status":"IN_FLIGHT","name":"longer value"}""", Text(doc.WriteTo));
    }

    [Fact]
    public void Delta_lists_desired_fields_that_differ_from_reported()
    {
        var reported = new ShadowDocument();
        var desired = new ShadowDocument();
        reported.Merge("""{"status":"IN_FLIGHT","speed":15.5,"mode":{"a":1,"b":2}}"""u8, T1);
        desired.Merge("""{"status":"READY","speed":15.50,"mode":{"b":2,"a":1},"light":"on"}"""u8, T1);
        Assert.Equal("""{"status":"READY","light":"on"}""", Text(w => desired.WriteDeltaTo(w, reported)));
    }

    /// <summary>
    /// Found by the long run of DeviceInputFuzzProperties: JsonElement.DeepEquals throws for a number
    /// whose exponent does not fit an int, so a device reporting one next to a desired value broke
    /// every view and state publication of that device.
    /// </summary>
    [Fact]
    public void A_number_beyond_any_exponent_differs_from_any_other_value()
    {
        var reported = new ShadowDocument();
        var desired = new ShadowDocument();
        reported.Merge("""{"gain":1e9012345678901234567890,"mode":2}"""u8, T1);
        desired.Merge("""{"gain":1,"mode":2.0}"""u8, T1);
        Assert.Equal("""{"gain":1}""", Text(w => desired.WriteDeltaTo(w, reported)));
    }

    [Fact]
    public void Snapshots_restore_the_same_document()
    {
        var doc = new ShadowDocument();
        doc.Merge(DroneExamples.Utf8(DroneExamples.Status), T1);
        var copy = new ShadowDocument();
        copy.Restore(doc.ToSnapshot());
        Assert.Equal(Text(doc.WriteTo), Text(copy.WriteTo));
        Assert.Equal(Text(doc.WriteMetadataTo), Text(copy.WriteMetadataTo));
    }

    [Fact]
    public void Merging_a_steady_report_reuses_its_buffers()
    {
        var doc = new ShadowDocument();
        var a = """{"battery":84,"speed":15.5,"status":"IN_FLIGHT"}"""u8.ToArray();
        var b = """{"battery":83,"speed":15.7,"status":"IN_FLIGHT"}"""u8.ToArray();
        doc.Merge(a, T1);
        doc.Merge(b, T1);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
            doc.Merge(i % 2 == 0 ? a : b, T2);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static string Text(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            write(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static JsonElement Json(Action<Utf8JsonWriter> write) => JsonDocument.Parse(Text(write)).RootElement;

    private static DateTimeOffset UpdatedAt(ShadowDocument doc, string name) => doc.ToSnapshot().Single(f => f.Name == name).UpdatedAt;
}
