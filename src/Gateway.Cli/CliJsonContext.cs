using System.Text.Json.Serialization;
using Gateway.Client;

namespace Gateway.Cli;

/// <summary>The CLI's own JSON output types, spelled snake_case like the gateway's views.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ClusterOverview))]
public sealed partial class CliJsonContext : JsonSerializerContext;
