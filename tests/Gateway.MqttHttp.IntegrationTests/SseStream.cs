using System.Text.Json;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.MqttHttp.IntegrationTests;

/// <summary>A client of a <c>text/event-stream</c> response, reading one event at a time.</summary>
public sealed class SseStream : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

    public static async Task<SseStream> OpenAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return new SseStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next event's name and data (comment lines, the heartbeats, are skipped).</summary>
    public Task<(string Event, JsonElement Data)> NextAsync() => Eventually.Within(ReadEventAsync, "an event on the stream");

    private async Task<(string, JsonElement)> ReadEventAsync(CancellationToken ct)
    {
        string? name = null, data = null;
        while (await _reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
                name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
                data = line["data: ".Length..];
            else if (line.Length == 0 && name is not null && data is not null)
                return (name, JsonDocument.Parse(data).RootElement);
        }
        throw new EndOfStreamException("the event stream ended");
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}
