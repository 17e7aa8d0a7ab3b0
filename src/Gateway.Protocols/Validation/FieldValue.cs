using System.Text.Json;

namespace Gateway.Protocols.Validation;

/// <summary>Where one value lies in the payload a <see cref="FieldTable"/> read; <see cref="JsonTokenType.None"/> when absent.</summary>
public readonly record struct FieldValue(int Start, int Length, JsonTokenType Token);
