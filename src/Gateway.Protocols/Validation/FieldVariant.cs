namespace Gateway.Protocols.Validation;

/// <summary>
/// The fields a message has when its discriminating field (a command's name) has one value, as
/// <see cref="FieldTable.Variants"/> takes them. A field named here and among the common ones is
/// this variant's own for this value.
/// </summary>
public sealed record FieldVariant(string Value, params IReadOnlyList<FieldSpec> Fields);
