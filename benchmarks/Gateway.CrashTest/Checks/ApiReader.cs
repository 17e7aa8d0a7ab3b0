using System.Net;
using System.Text.Json;

namespace Gateway.CrashTest.Checks;

/// <summary>
/// GETs on the restarted gateway's API. 200 and 404 are answers; anything else (a 503 while the
/// journal recovers, a timeout) is asked again a few times, and then the run stops: what cannot
/// be read is neither checked nor lost.
/// </summary>
public sealed class ApiReader(HttpClient http)
{
    private const int Attempts = 5;
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    /// <summary>The JSON of a 200, or null for a 404.</summary>
    public async Task<JsonDocument?> GetAsync(string path, CancellationToken ct)
    {
        var last = "";
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                using var response = await http.GetAsync(path, ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                if (response.StatusCode == HttpStatusCode.OK)
                    return JsonDocument.Parse(text);
                if (response.StatusCode == HttpStatusCode.NotFound)
                    return null;
                last = $"{(int)response.StatusCode} {(text.Length > 200 ? text[..200] : text)}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                last = e.Message;
            }
            await Task.Delay(Pause, ct);
        }
        throw new InvalidOperationException($"GET {path} did not answer 200 or 404 after {Attempts} attempts; last: {last}");
    }
}
