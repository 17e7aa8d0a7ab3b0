using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Host.Api;

/// <summary>Source-generated metadata for the HTTP API's own bodies (problems, health).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ClusterView))]
public sealed partial class ApiJsonContext : JsonSerializerContext;

public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, string> Checks);
