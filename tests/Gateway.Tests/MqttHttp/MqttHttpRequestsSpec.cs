using System.Text;
using System.Text.Json;
using Gateway.Contracts.Messages;
using Gateway.MqttHttp;
using Xunit;

namespace Gateway.Tests.MqttHttp;

public sealed class MqttHttpRequestsSpec
{
    [Theory]
    [InlineData("""{"topic":"t/1","payload":{"a": 1, "b": [true, null]},"qos":0}""", """{"a":1,"b":[true,null]}""", 0, false)]
    [InlineData("""{"topic":"t/1","payload":"hello","retain":true}""", "\"hello\"", 1, true)]
    [InlineData("""{"topic":"t/1","payload":42,"qos":1,"retain":false}""", "42", 1, false)]
    [InlineData("""{"topic":"t/1","payload":null}""", "null", 1, false)]
    [InlineData("""{"topic":"t/1","payload":{"text":"你好"}}""", """{"text":"你好"}""", 1, false)]
    public void Publish_takes_any_json_payload_as_its_compact_text(string json, string published, int qos, bool retain)
    {
        var errors = new List<FieldError>();
        var request = Read(json, body => PublishRequest.Read(body, errors));
        Assert.Empty(errors);
        Assert.Equal("t/1", request!.Topic);
        Assert.Equal(published, Encoding.UTF8.GetString(request.Payload));
        Assert.Equal(qos, request.Qos);
        Assert.Equal(retain, request.Retain);
    }

    [Theory]
    [InlineData("""{"payload":1}""", "topic")]
    [InlineData("""{"topic":"","payload":1}""", "topic")]
    [InlineData("""{"topic":7,"payload":1}""", "topic")]
    [InlineData("""{"topic":"a/+","payload":1}""", "topic")]
    [InlineData("""{"topic":"a/#","payload":1}""", "topic")]
    [InlineData("""{"topic":"a"}""", "payload")]
    [InlineData("""{"topic":"a","payload":1,"qos":2}""", "qos")]
    [InlineData("""{"topic":"a","payload":1,"qos":3}""", "qos")]
    [InlineData("""{"topic":"a","payload":1,"qos":"1"}""", "qos")]
    [InlineData("""{"topic":"a","payload":1,"qos":0.5}""", "qos")]
    [InlineData("""{"topic":"a","payload":1,"retain":"yes"}""", "retain")]
    [InlineData("""{"topic":"a","payload":1,"qso":1}""", "qso")]
    public void Publish_names_each_bad_field(string json, string field)
    {
        var errors = new List<FieldError>();
        Assert.Null(Read(json, body => PublishRequest.Read(body, errors)));
        Assert.Contains(errors, e => e.Field == field);
    }

    [Fact]
    public void Publish_says_qos_2_is_not_supported_and_reports_every_error()
    {
        var errors = new List<FieldError>();
        Read("""{"topic":"a/#","qos":2}""", body => PublishRequest.Read(body, errors));
        Assert.Equal(["payload", "qos", "topic"], errors.Select(e => e.Field).Order());
        Assert.Contains("not supported", errors.Single(e => e.Field == "qos").Message);
    }

    [Theory]
    [InlineData("""{"topic":"org/*/device/*/telemetry"}""", "org/+/device/+/telemetry", null)]
    [InlineData("""{"topic":"a/#","callback_url":"http://127.0.0.1:9000/cb"}""", "a/#", "http://127.0.0.1:9000/cb")]
    [InlineData("""{"topic":"a","callback_url":"https://example.com/x?y=1"}""", "a", "https://example.com/x?y=1")]
    public void Subscribe_maps_the_topic_and_reads_the_callback(string json, string filter, string? callback)
    {
        var errors = new List<FieldError>();
        var request = Read(json, body => SubscribeRequest.Read(body, errors));
        Assert.Empty(errors);
        Assert.Equal(filter, request!.Filter);
        Assert.Equal(callback, request.CallbackUrl?.ToString());
    }

    [Theory]
    [InlineData("""{}""", "topic")]
    [InlineData("""{"topic":"a/#/b"}""", "topic")]
    [InlineData("""{"topic":"a+/b"}""", "topic")]
    [InlineData("""{"topic":"a","callback_url":"ftp://x/y"}""", "callback_url")]
    [InlineData("""{"topic":"a","callback_url":"/relative"}""", "callback_url")]
    [InlineData("""{"topic":"a","callback_url":5}""", "callback_url")]
    [InlineData("""{"topic":"a","callbackUrl":"http://x/"}""", "callbackUrl")]
    public void Subscribe_names_each_bad_field(string json, string field)
    {
        var errors = new List<FieldError>();
        Assert.Null(Read(json, body => SubscribeRequest.Read(body, errors)));
        Assert.Contains(errors, e => e.Field == field);
    }

    [Theory]
    [InlineData("""{"topic":"test/*"}""", "test/+", null)]
    [InlineData("""{"subscription_id":"sub-1"}""", null, "sub-1")]
    public void Unsubscribe_by_topic_or_by_id(string json, string? filter, string? id)
    {
        var errors = new List<FieldError>();
        var request = Read(json, body => UnsubscribeRequest.Read(body, errors));
        Assert.Empty(errors);
        Assert.Equal(filter, request!.Filter);
        Assert.Equal(id, request.SubscriptionId);
    }

    [Theory]
    [InlineData("""{}""", "topic")]
    [InlineData("""{"topic":"a","subscription_id":"sub-1"}""", "subscription_id")]
    [InlineData("""{"subscription_id":3}""", "subscription_id")]
    [InlineData("""{"topic":"a/#/b"}""", "topic")]
    public void Unsubscribe_names_each_bad_field(string json, string field)
    {
        var errors = new List<FieldError>();
        Assert.Null(Read(json, body => UnsubscribeRequest.Read(body, errors)));
        Assert.Contains(errors, e => e.Field == field);
    }

    private static T? Read<T>(string json, Func<JsonElement, T?> read)
    {
        using var document = JsonDocument.Parse(json);
        return read(document.RootElement);
    }
}
