using System.Text;
using System.Text.Json;
using Gateway.MqttHttp;
using Xunit;

namespace Gateway.Tests.MqttHttp;

public sealed class MessageEnvelopeSpec
{
    private static readonly DateTimeOffset At = new(2025, 12, 1, 14, 23, 45, TimeSpan.Zero);

    [Theory]
    [InlineData("{\n  \"battery\": 84,\n  \"ok\": true\n}", """{"battery":84,"ok":true}""")]
    [InlineData("[1, 2]", "[1,2]")]
    [InlineData("\"quoted\"", "\"quoted\"")]
    [InlineData("12.5", "12.5")]
    [InlineData("null", "null")]
    [InlineData("plain text", "\"plain text\"")]
    [InlineData("{\"broken\":", "\"{\\\"broken\\\":\"")]
    [InlineData("", "\"\"")]
    [InlineData("{\"text\":\"你好 <b>\"}", "{\"text\":\"你好 <b>\"}")]
    public void Payload_is_the_json_value_or_else_its_text(string payload, string expected)
    {
        var message = new BridgedMessage("a/b", Encoding.UTF8.GetBytes(payload), 1, false, At);
        var body = Encoding.UTF8.GetString(message.Body);
        Assert.Equal($$"""{"topic":"a/b","payload":{{expected}},"qos":1,"retain":false,"received_at":"2025-12-01T14:23:45+00:00"}""", body);
    }

    [Fact]
    public void The_body_is_one_line_so_it_fits_an_sse_data_line()
    {
        var message = new BridgedMessage("a/+b", Encoding.UTF8.GetBytes("{\"s\": \"line1\\nline2\",\n\"n\": 1}"), 0, true, At);
        var body = Encoding.UTF8.GetString(message.Body);
        Assert.DoesNotContain('\n', body);
        using var parsed = JsonDocument.Parse(body);
        Assert.Equal("line1\nline2", parsed.RootElement.GetProperty("payload").GetProperty("s").GetString());
        Assert.Equal("a/+b", parsed.RootElement.GetProperty("topic").GetString());
        Assert.True(parsed.RootElement.GetProperty("retain").GetBoolean());
    }
}
