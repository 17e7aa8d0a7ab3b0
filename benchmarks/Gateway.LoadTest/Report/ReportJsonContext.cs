using System.Text.Json.Serialization;

namespace Gateway.LoadTest.Report;

/// <summary>report.json: snake_case like the gateway's own JSON, indented for reading and diffing.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunReport))]
public sealed partial class ReportJsonContext : JsonSerializerContext;
