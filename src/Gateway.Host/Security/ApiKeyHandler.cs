using System.Security.Claims;
using System.Text.Encodings.Web;
using Gateway.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Security;

/// <summary>
/// The <c>ApiKey</c> authentication scheme: a key presented as <c>X-API-Key: KEY</c> (for callers
/// behind a proxy that uses Authorization itself) or <c>Authorization: Bearer KEY</c> (what curl
/// and HTTP client libraries send), or for a WebSocket as <c>?access_token=KEY</c> (a browser's
/// WebSocket cannot send headers), is looked up in the <see cref="ApiKeyFile"/>; a known key
/// becomes a principal named after its line with the roles it holds. Challenges (401) and
/// forbids (403) answer problem documents, as every other refusal of the API does.
/// </summary>
public sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    UrlEncoder encoder,
    ApiKeyFile keys,
    ApiKeyRefusals refusals)
    // The base class logs a line at Information for every failed authentication, challenge and
    // forbid, at whatever rate a client sends them; ApiKeyRefusals logs those at a bounded rate instead.
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, NullLoggerFactory.Instance, encoder)
{
    public const string HeaderName = "X-API-Key";
    public const string AccessTokenParameter = "access_token";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Presented() is not { } presented)
            return Task.FromResult(AuthenticateResult.NoResult());
        if (keys.Find(presented) is not { } key)
            return Task.FromResult(AuthenticateResult.Fail("an unknown API key"));
        var claims = ApiRoles.Granted(key.Role).Select(r => new Claim(ClaimTypes.Role, r)).Append(new Claim(ClaimTypes.Name, key.Name));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, ApiKeyAuthentication.Scheme));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, ApiKeyAuthentication.Scheme)));
    }

    // X-API-Key first: a caller that sends it means this gateway's key, while its Authorization
    // header may be a proxy's own bearer token passed along.
    private string? Presented()
    {
        if (Request.Headers[HeaderName].ToString() is { Length: > 0 } header)
            return header.Trim();
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return authorization["Bearer ".Length..].Trim();
        // The upgrade header itself: authentication runs before the WebSocket middleware says what the request is.
        var webSocket = string.Equals(Request.Headers.Upgrade.ToString(), "websocket", StringComparison.OrdinalIgnoreCase);
        return webSocket && Request.Query[AccessTokenParameter].ToString() is { Length: > 0 } token ? token : null;
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var missing = Presented() is null;
        refusals.Add(missing ? "missing" : "unknown", Context, missing ? "no API key was presented" : "an unknown API key was presented");
        Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Unauthorized(missing
                ? "This API needs an API key: send it as 'Authorization: Bearer KEY' (Gateway.Host api-key makes one)."
                : "The API key is not one this gateway knows.")
            .ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var name = Context.User.Identity?.Name;
        refusals.Add("role", Context, $"the key '{name}' lacks the role this request needs");
        return Problems.Forbidden($"The API key '{name}' does not have the role this request needs (roles: read < command < admin).")
            .ExecuteAsync(Context);
    }
}
