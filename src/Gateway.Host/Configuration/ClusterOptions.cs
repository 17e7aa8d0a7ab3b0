namespace Gateway.Host.Configuration;

/// <summary>The cluster options given on the command line; null where the option was not given.</summary>
public sealed record ClusterOptions(
    int? Port = null,
    int? ManagementPort = null,
    string? PublicHostname = null,
    string? Discovery = null,
    IReadOnlyList<string>? ContactPoints = null,
    int? RequiredContactPoints = null);
