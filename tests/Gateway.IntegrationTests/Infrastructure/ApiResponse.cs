using System.Net;
using System.Text.Json;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>An HTTP answer read in full, so it can be asserted on and printed in failure messages.</summary>
public sealed record ApiResponse(HttpStatusCode StatusCode, string? MediaType, string? Location, string Body, TimeSpan? RetryAfter = null)
{
    public int Status => (int)StatusCode;

    /// <summary>The body as JSON; fails the test, showing the body, when it is not JSON.</summary>
    public JsonElement Json
    {
        get
        {
            try
            {
                using var document = JsonDocument.Parse(Body);
                return document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new Xunit.Sdk.XunitException($"response body is not JSON ({e.Message}): {this}");
            }
        }
    }

    public override string ToString() => $"HTTP {Status} {MediaType} Location={Location ?? "-"} Retry-After={RetryAfter?.TotalSeconds.ToString() ?? "-"} {Body}";
}
