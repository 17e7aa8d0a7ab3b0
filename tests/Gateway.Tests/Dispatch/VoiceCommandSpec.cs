using System.Text.Json;
using Gateway.Host.Dispatch;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Xunit;

namespace Gateway.Tests.Dispatch;

/// <summary>The console's VOICE_COMMAND as the drone's VOICE_SPEAK, and the console's query string as its filter.</summary>
public sealed class VoiceCommandSpec
{
    private static VoiceCommand? From(string json, out string? requestId, out string? error) =>
        VoiceCommand.From(JsonDocument.Parse(json).RootElement, "cmd-1", out requestId, out error);

    [Fact]
    public void The_documents_voice_command_becomes_voice_speak_in_english_with_the_sessions_command_id()
    {
        var voice = From("""{"type":"VOICE_COMMAND","drone_id":"Alpha-3","mission_id":"M-1","text":"Help is coming.","request_id":"r-1","extra":true}""", out var requestId, out var error);

        Assert.Null(error);
        Assert.Equal("r-1", requestId);
        Assert.Equal("Alpha-3", voice!.DroneId);
        var speak = JsonDocument.Parse(voice.Speak.Utf8).RootElement;
        Assert.Equal("VOICE_SPEAK", speak.GetProperty("command").GetString());
        Assert.Equal("M-1", speak.GetProperty("mission_id").GetString());
        Assert.Equal("Help is coming.", speak.GetProperty("text").GetString());
        Assert.Equal("en", speak.GetProperty("language").GetString());
        Assert.Equal("cmd-1", speak.GetProperty("command_id").GetString());
        Assert.False(speak.TryGetProperty("extra", out _));
        Assert.False(speak.TryGetProperty("request_id", out _));
    }

    [Fact]
    public void A_given_language_interrupt_and_timeout_are_passed_on_as_they_are_for_the_validator_to_judge()
    {
        var speak = JsonDocument.Parse(From("""{"drone_id":"A","text":5,"language":"xx","interrupt":true,"expected_ack_timeout":300}""", out _, out _)!.Speak.Utf8).RootElement;

        Assert.Equal(JsonValueKind.Number, speak.GetProperty("text").ValueKind);
        Assert.Equal("xx", speak.GetProperty("language").GetString());
        Assert.True(speak.GetProperty("interrupt").GetBoolean());
        Assert.Equal(300, speak.GetProperty("expected_ack_timeout").GetInt32());
        Assert.False(speak.TryGetProperty("mission_id", out _));
    }

    [Theory]
    [InlineData("""{"text":"x","request_id":"r-2"}""")]
    [InlineData("""{"drone_id":7,"request_id":"r-2"}""")]
    [InlineData("""{"drone_id":"a/b","request_id":"r-2"}""")]
    [InlineData("""{"drone_id":"#","request_id":"r-2"}""")]
    public void Without_a_drone_id_that_is_one_topic_level_there_is_no_command(string json)
    {
        Assert.Null(From(json, out var requestId, out var error));
        Assert.Equal("r-2", requestId);
        Assert.Contains("drone_id", error);
    }

    [Fact]
    public void The_query_names_drones_and_what_else_to_send()
    {
        var filter = DispatchFilter.Parse(Query(("drone", ["A", "B"]), ("events", ["true"]), ("commands", ["false"])), out var error)!;

        Assert.Null(error);
        Assert.True(filter.Follows("A") && filter.Follows("B") && !filter.Follows("C"));
        Assert.True(filter.Events);
        Assert.False(filter.State || filter.Commands);
        Assert.True(DispatchFilter.Parse(Query(), out _)!.Follows("anyone"));
    }

    [Theory]
    [InlineData("drone", "a/b")]
    [InlineData("drone", "")]
    [InlineData("events", "yes")]
    [InlineData("state", "1")]
    public void A_bad_value_names_its_parameter(string name, string value)
    {
        Assert.Null(DispatchFilter.Parse(Query((name, [value])), out var error));
        Assert.Equal(name, error!.Field);
    }

    private static QueryCollection Query(params (string Name, string[] Values)[] values) =>
        new(values.ToDictionary(v => v.Name, v => new StringValues(v.Values)));
}
