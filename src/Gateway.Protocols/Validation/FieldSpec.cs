namespace Gateway.Protocols.Validation;

/// <summary>
/// One field of a JSON object as a device document's field table gives it: its name, whether it
/// is required, and what its value must be. <see cref="FieldTable"/> compiles a list of them.
/// </summary>
public sealed record FieldSpec(string Name, bool Required, FieldKind Kind)
{
    /// <summary>The allowed strings of a <see cref="FieldKind.OneOf"/> field.</summary>
    public IReadOnlyList<string> Values { get; private init; } = [];

    // Numbers and whole numbers keep their own bound types so the range message prints them
    // exactly as JsonChecks' double and long parameters do.
    public double Min { get; private init; } = double.MinValue;
    public double Max { get; private init; } = double.MaxValue;
    public long WholeMin { get; private init; } = long.MinValue;
    public long WholeMax { get; private init; } = long.MaxValue;

    public TopicPart Topic { get; private init; }

    /// <summary>The fields of a <see cref="FieldKind.Object"/> field; empty checks only that it is an object.</summary>
    public IReadOnlyList<FieldSpec> Fields { get; private init; } = [];

    public static FieldSpec String(string name, bool required) => new(name, required, FieldKind.String);

    public static FieldSpec OneOf(string name, bool required, IReadOnlyList<string> values) =>
        new(name, required, FieldKind.OneOf) { Values = values };

    public static FieldSpec Number(string name, bool required, double min = double.MinValue, double max = double.MaxValue) =>
        new(name, required, FieldKind.Number) { Min = min, Max = max };

    public static FieldSpec WholeNumber(string name, bool required, long min = long.MinValue, long max = long.MaxValue) =>
        new(name, required, FieldKind.WholeNumber) { WholeMin = min, WholeMax = max };

    public static FieldSpec Bool(string name, bool required) => new(name, required, FieldKind.Bool);

    public static FieldSpec Timestamp(string name, bool required) => new(name, required, FieldKind.Timestamp);

    public static FieldSpec Object(string name, bool required, params IReadOnlyList<FieldSpec> fields) =>
        new(name, required, FieldKind.Object) { Fields = fields };

    public static FieldSpec MatchesTopic(string name, bool required, TopicPart part) =>
        new(name, required, FieldKind.MatchesTopic) { Topic = part };
}
