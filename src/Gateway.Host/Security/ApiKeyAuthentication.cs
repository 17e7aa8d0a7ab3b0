using System.Diagnostics.Metrics;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Gateway.Mqtt.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Security;

/// <summary>
/// The HTTP API's authentication: an ASP.NET Core scheme that reads an API key from
/// <c>Authorization: Bearer KEY</c> (what curl and every HTTP client library send) or
/// <c>X-API-Key: KEY</c> (for tools that reserve Authorization for a proxy), and authorization
/// policies named after <see cref="ApiRoles"/>. API keys rather than JWT bearer tokens: the gateway's
/// callers are services and operators' scripts, not users of an identity provider, and a key is
/// made and revoked with one line in a file. Without a key file every policy admits anyone, as
/// before, and the listener stays on loopback (<c>ListenerExposure</c>).
/// </summary>
public static class ApiKeyAuthentication
{
    public const string Scheme = "ApiKey";

    public static IServiceCollection AddApiKeys(this IServiceCollection services, ApiKeyFile? keys)
    {
        services.AddAuthorization(options =>
        {
            foreach (var role in ApiRoles.All)
                options.AddPolicy(role, policy =>
                {
                    if (keys is null)
                        policy.RequireAssertion(_ => true);
                    else
                        policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireRole(role);
                });
        });
        if (keys is not null)
            services.AddSingleton(keys).AddSingleton<Refusals>().AddAuthentication(Scheme).AddScheme<AuthenticationSchemeOptions, Handler>(Scheme, null);
        return services;
    }

    /// <summary>Refused requests, counted by reason and logged at a bounded rate (one handler is made per request).</summary>
    private sealed class Refusals(ILogger<Refusals> log)
    {
        private static readonly Meter Meter = new(SecurityEvents.MeterName);
        private static readonly Counter<long> Failed = Meter.CreateCounter<long>("gateway.http.auth.failed", description: "HTTP requests refused for a missing, unknown or insufficient API key, by reason");
        private readonly ThrottledLog _log = new(log, 20, TimeSpan.FromSeconds(10));

        public void Add(string reason, string line)
        {
            Failed.Add(1, new KeyValuePair<string, object?>("reason", reason));
            _log.Warn(line);
        }
    }

    private sealed class Handler(
        IOptionsMonitor<AuthenticationSchemeOptions> options,
        ILoggerFactory loggers,
        UrlEncoder encoder,
        ApiKeyFile keys,
        Refusals refusals,
        IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var presented = Presented();
            if (presented is null)
                return Task.FromResult(AuthenticateResult.NoResult());
            if (keys.Find(presented) is not { } key)
                return Task.FromResult(AuthenticateResult.Fail("an unknown API key"));
            var claims = ApiRoles.Granted(key.Role).Select(r => new Claim(ClaimTypes.Role, r)).Append(new Claim(ClaimTypes.Name, key.Name));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, ApiKeyAuthentication.Scheme)), ApiKeyAuthentication.Scheme)));
        }

        private string? Presented()
        {
            var authorization = Request.Headers.Authorization.ToString();
            if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                return authorization["Bearer ".Length..].Trim();
            return Request.Headers["X-API-Key"].ToString() is { Length: > 0 } header ? header.Trim() : null;
        }

        protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            var reason = Presented() is null ? "missing" : "unknown";
            Refuse(reason, reason == "missing" ? "no API key was presented" : "an unknown API key was presented");
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            Response.Headers.WWWAuthenticate = "Bearer";
            await Write("Unauthorized", reason == "missing"
                ? "This API needs an API key: send it as 'Authorization: Bearer KEY' (Gateway.Host api-key makes one)."
                : "The API key is not one this gateway knows.");
        }

        protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
        {
            var name = Context.User.Identity?.Name;
            Refuse("role", $"the key '{name}' lacks the role this request needs");
            Response.StatusCode = StatusCodes.Status403Forbidden;
            await Write("Forbidden", $"The API key '{name}' does not have the role this request needs (roles: read < command < admin).");
        }

        // The key itself never reaches a line: its name does, once it is known.
        private void Refuse(string reason, string detail) =>
            refusals.Add(reason, $"HTTP {Request.Method} {Request.Path} from {Context.Connection.RemoteIpAddress} refused: {detail}");

        private ValueTask Write(string title, string detail) => problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = Response.StatusCode, Title = title, Detail = detail },
        });
    }
}
