using System.Text.Json.Serialization;

namespace Gateway.CrashTest.Report;

/// <summary>report.json: snake_case like the gateway's own JSON, indented for reading and diffing.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(RunReport))]
public sealed partial class ReportJsonContext : JsonSerializerContext;
