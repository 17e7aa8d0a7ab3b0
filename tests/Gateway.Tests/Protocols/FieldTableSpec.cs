using System.Text;
using Gateway.Contracts;
using Gateway.Protocols.Validation;
using Xunit;

namespace Gateway.Tests.Protocols;

public sealed class FieldTableSpec
{
    private static readonly DeviceKey Key = new("esp32", "org-1", "dev-1");

    private static readonly FieldTable Table = new(
        FieldSpec.ThisOrganization("org", required: false),
        FieldSpec.ThisDevice("device", required: false),
        FieldSpec.String("name", required: true),
        FieldSpec.OneOf("mode", required: false, ["on", "off"]),
        FieldSpec.Number("ratio", required: false, 0, 1),
        FieldSpec.Number("free", required: false),
        FieldSpec.WholeNumber("count", required: false, -5, 5),
        FieldSpec.Bool("flag", required: false),
        FieldSpec.Timestamp("at", required: false),
        FieldSpec.Object("blob", required: false),
        FieldSpec.Object("inner", required: false,
            FieldSpec.Number("x", required: true, -1, 1),
            FieldSpec.Object("deep", required: false,
                FieldSpec.String("leaf", required: true))));

    private static string? Check(string json) => Table.Check(Encoding.UTF8.GetBytes(json), Key);

    [Theory]
    [InlineData("""{"name":"a"}""")]
    [InlineData("""{"name":"a","mode":"off","ratio":0,"free":-1e300,"count":-5,"flag":false,"at":"2025-01-27T10:00:00Z"}""")]
    [InlineData("""{"name":"a","ratio":1,"count":5,"flag":true,"at":"2025-01-27T10:00:00.123+02:00"}""")]
    [InlineData("""{"org":"org-1","device":"dev-1","name":"a"}""")]
    [InlineData("""{"org":"org\u002d1","name":"\u0061","mode":"o\u006e"}""")] // escaped text compares by its value
    [InlineData("""{"n\u0061me":"a","r\u0061tio":1}""")] // so do escaped names
    [InlineData("""{"name":"a","unknown":{"nested":[1,{"name":5}]},"other":[null,true]}""")]
    [InlineData("""{"name":"a","mode":null,"ratio":null,"count":null,"inner":null,"org":null}""")]
    [InlineData("""{"name":"a","blob":{"anything":[1,2,{"x":"y"}]}}""")]
    [InlineData("""{"name":"a","inner":{"x":-1,"deep":{"leaf":"z","more":1},"extra":[{}]}}""")]
    [InlineData("""{"inner":{"x":0.5},"name":"a"}""")]
    [InlineData("  {\"name\":\"a\"}  \n")]
    public void Accepts_objects_that_meet_the_table(string json) => Assert.Null(Check(json));

    [Theory]
    [InlineData("""{}""", "name is required")]
    [InlineData("""{"name":null}""", "name is required")]
    [InlineData("""{"name":5}""", "name must be a string")]
    [InlineData("""{"name":["a"]}""", "name must be a string")]
    [InlineData("""{"name":"a","mode":"dim"}""", "mode must be one of on, off")]
    [InlineData("""{"name":"a","mode":"ON"}""", "mode must be one of on, off")]
    [InlineData("""{"name":"a","mode":1}""", "mode must be a string")]
    [InlineData("""{"name":"a","ratio":"1"}""", "ratio must be a number")]
    [InlineData("""{"name":"a","ratio":-0.0001}""", "ratio must be from 0 to 1")]
    [InlineData("""{"name":"a","ratio":1.0001}""", "ratio must be from 0 to 1")]
    [InlineData("""{"name":"a","r\u0061tio":2}""", "ratio must be from 0 to 1")]
    [InlineData("""{"name":"a","count":6}""", "count must be from -5 to 5")]
    [InlineData("""{"name":"a","count":-6}""", "count must be from -5 to 5")]
    [InlineData("""{"name":"a","count":1.5}""", "count must be a whole number")]
    [InlineData("""{"name":"a","count":"1"}""", "count must be a whole number")]
    [InlineData("""{"name":"a","count":99999999999999999999}""", "count must be a whole number")]
    [InlineData("""{"name":"a","flag":"true"}""", "flag must be true or false")]
    [InlineData("""{"name":"a","at":"yesterday"}""", "at must be an ISO 8601 time, e.g. 2025-01-27T10:00:00Z")]
    [InlineData("""{"name":"a","at":1737972000}""", "at must be an ISO 8601 time, e.g. 2025-01-27T10:00:00Z")]
    [InlineData("""{"name":"a","blob":[1]}""", "blob must be an object")]
    [InlineData("""{"name":"a","inner":{}}""", "inner.x is required")]
    [InlineData("""{"name":"a","inner":{"x":2}}""", "inner.x must be from -1 to 1")]
    [InlineData("""{"name":"a","inner":{"x":0,"deep":{}}}""", "inner.deep.leaf is required")]
    [InlineData("""{"name":"a","inner":{"x":0,"deep":{"leaf":false}}}""", "inner.deep.leaf must be a string")]
    [InlineData("""{"name":"a","inner":"x"}""", "inner must be an object")]
    [InlineData("""{"name":"a","org":"org-2"}""", "org 'org-2' is not this organization ('org-1')")]
    [InlineData("""{"name":"a","device":"dev-\u0032"}""", "device 'dev-2' is not this device ('dev-1')")]
    [InlineData("""{"name":"a","device":7}""", "device must be a string")]
    public void Refuses_a_field_with_its_one_wording(string json, string reason) => Assert.Equal(reason, Check(json));

    [Theory]
    [InlineData("""{"count":9,"name":"a","mode":"dim"}""", "mode must be one of on, off")] // mode precedes count in the table
    [InlineData("""{"count":9,"ratio":7}""", "name is required")] // a missing field counts at its place in the table
    [InlineData("""{"inner":{"x":9},"org":"other"}""", "org 'other' is not this organization ('org-1')")]
    [InlineData("""{"inner":{"deep":{},"x":9},"name":"a"}""", "inner.x must be from -1 to 1")]
    public void Of_several_defects_reports_the_first_in_table_order(string json, string reason) => Assert.Equal(reason, Check(json));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{not json")]
    [InlineData("""{"name":"a",}""")]
    [InlineData("""{"name":"a""")]
    [InlineData("""{"name":"a","inner":{"x":1""")]
    [InlineData("""{"name":5,"ratio":tru}""")] // invalid JSON outranks a field defect before it
    [InlineData("""{"name":"a"} trailing""")]
    [InlineData("""{"name":"a"}{}""")]
    [InlineData("""{"name":"a"}]""")]
    [InlineData("[1,")]
    public void Refuses_what_is_not_JSON_saying_where(string json)
    {
        var reason = Table.Check(Encoding.UTF8.GetBytes(json), Key);
        Assert.NotNull(reason);
        Assert.StartsWith("payload is not valid JSON: ", reason);
        Assert.Matches(@"LineNumber: \d+ \| BytePositionInLine: \d+", reason);
    }

    /// <summary>
    /// Found by PayloadFuzzProperties: System.Text.Json reads past these strings and throws
    /// InvalidOperationException (not JsonException) when a check compared or read them, so a device
    /// payload, a command or a desired state threw out of the check instead of being refused.
    /// </summary>
    [Theory]
    [InlineData("{\"name\":\"\\ud800\"}", "a string escapes half of a UTF-16 surrogate pair")] // a value the check reads
    [InlineData("{\"\\udc00x\":1,\"name\":\"a\"}", "a string escapes half of a UTF-16 surrogate pair")] // a name it compares
    [InlineData("{\"name\":\"a\",\"blob\":{\"z\":\"\\ud83d\"}}", "a string escapes half of a UTF-16 surrogate pair")] // one it skips
    [InlineData("{\"name\":\"\u00c0x\"}", "it is not UTF-8")] // C0 is never UTF-8
    public void Refuses_strings_no_string_can_hold(string json, string why)
    {
        var bytes = Encoding.Latin1.GetBytes(json); // Latin-1 keeps \u00c0 as the one byte C0
        Assert.Equal($"payload is not valid JSON: {why}", Table.Check(bytes, Key));
        Assert.Equal($"payload is not valid JSON: {why}", Assert.Single(Table.CheckAll(bytes, Key)).Message);
    }

    [Fact]
    public void Accepts_escaped_surrogate_pairs_and_non_ascii_text() =>
        Assert.Null(Check("{\"name\":\"\\ud83d\\ude00 é 中 𝄞\"}"));

    [Theory]
    [InlineData("[]")]
    [InlineData("""[{"name":"a"}]""")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void Refuses_JSON_that_is_not_one_object(string json) =>
        Assert.Equal("payload is not a JSON object", Table.Check(Encoding.UTF8.GetBytes(json), Key));

    [Fact]
    public void A_device_without_an_organization_is_in_no_organization() =>
        Assert.Equal("org 'org-1' is not this organization ('')",
            Table.Check("""{"name":"a","org":"org-1"}"""u8, new DeviceKey("anc", null, "dev-1")));

    [Fact]
    public void Ranges_name_the_bounds_they_have()
    {
        var open = new FieldTable(FieldSpec.Number("n", required: false, 0), FieldSpec.WholeNumber("w", required: false, max: 1));
        Assert.Equal("n must be at least 0", open.Check("""{"n":-1}"""u8, Key));
        Assert.Equal("w must be at most 1", open.Check("""{"w":2}"""u8, Key));
    }

    [Fact]
    public void An_overflowing_number_is_refused() =>
        Assert.Equal("n must be a number", new FieldTable(FieldSpec.Number("n", required: false)).Check("""{"n":1e999}"""u8, Key));

    [Fact]
    public void A_table_deeper_than_ranks_can_order_is_refused_when_built()
    {
        var spec = FieldSpec.String("leaf", required: false);
        for (var i = 0; i < 9; i++)
            spec = FieldSpec.Object("o", required: false, spec);
        Assert.Throws<ArgumentException>(() => new FieldTable(spec));
    }

    [Fact]
    public void The_success_path_allocates_nothing()
    {
        var payload = """{"org":"org-1","device":"dev-1","name":"a","mode":"off","ratio":0.5,"count":3,"flag":true,"at":"2025-01-27T10:00:00Z","blob":{"a":[1]},"inner":{"x":0,"deep":{"leaf":"z"}},"unknown":"u"}"""u8.ToArray();
        Assert.Null(Table.Check(payload, Key)); // warms up the JIT and the statics
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
            Table.Check(payload, Key);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
