namespace Gateway.Host.Security;

/// <summary>A line of the <see cref="ApiKeyFile"/>: the key's name (what logs and 403s show) and its role.</summary>
public sealed record ApiKey(string Name, string Role);
