using Microsoft.AspNetCore.Authentication;

namespace Gateway.Host.Security;

/// <summary>
/// The HTTP API's authentication, registered once: an ASP.NET Core scheme (<see cref="ApiKeyHandler"/>)
/// that reads an API key from <c>Authorization: Bearer KEY</c> or <c>X-API-Key: KEY</c>, and one
/// authorization policy per role in <see cref="ApiRoles"/>, which the endpoint groups require.
/// API keys rather than JWT bearer tokens: the gateway's callers are services and operators'
/// scripts, not users of an identity provider, and a key is made and revoked with one line in a
/// file. Without a key file every policy admits anyone, as before, and the listener stays on
/// loopback unless anonymous clients are accepted on purpose (<c>ListenerExposure</c>).
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
            services.AddSingleton(keys)
                .AddSingleton<ApiKeyRefusals>()
                .AddAuthentication(Scheme)
                .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(Scheme, null);
        return services;
    }
}
