namespace Gateway.Protocols.Validation;

/// <summary>
/// One field of a JSON object as a device document's field table gives it: its name, whether it
/// is required, and what its value must be. <see cref="FieldTable"/> compiles a list of them.
/// </summary>
public sealed record FieldSpec(string Name, bool Required, FieldKind Kind)
{
    /// <summary>The allowed strings of a <see cref="FieldKind.OneOf"/> field.</summary>
    public IReadOnlyList<string> Values { get; private init; } = [];

    /// <summary>The bounds of a number; null where the document sets none.</summary>
    public double? Min { get; private init; }

    public double? Max { get; private init; }

    /// <summary>An empty string or list is refused.</summary>
    public bool NonEmpty { get; private init; }

    /// <summary>An object's fields not named in <see cref="Fields"/> are refused rather than passed through.</summary>
    public bool Closed { get; private init; }

    /// <summary>The fields of an object, or of each object of a list; an open object without any is only checked to be an object.</summary>
    public IReadOnlyList<FieldSpec> Fields { get; private init; } = [];

    public static FieldSpec String(string name, bool required) => new(name, required, FieldKind.String);

    public static FieldSpec NonEmptyString(string name, bool required) => new(name, required, FieldKind.String) { NonEmpty = true };

    public static FieldSpec OneOf(string name, bool required, IReadOnlyList<string> values) =>
        new(name, required, FieldKind.OneOf) { Values = values };

    public static FieldSpec Number(string name, bool required, double? min = null, double? max = null) =>
        new(name, required, FieldKind.Number) { Min = min, Max = max };

    public static FieldSpec WholeNumber(string name, bool required, long? min = null, long? max = null) =>
        new(name, required, FieldKind.WholeNumber) { Min = min, Max = max };

    public static FieldSpec Bool(string name, bool required) => new(name, required, FieldKind.Bool);

    public static FieldSpec Timestamp(string name, bool required) => new(name, required, FieldKind.Timestamp);

    public static FieldSpec Object(string name, bool required, params IReadOnlyList<FieldSpec> fields) =>
        new(name, required, FieldKind.Object) { Fields = fields };

    public static FieldSpec ClosedObject(string name, bool required, params IReadOnlyList<FieldSpec> fields) =>
        new(name, required, FieldKind.Object) { Fields = fields, Closed = true };

    /// <summary>A non-empty array whose elements are objects with these fields.</summary>
    public static FieldSpec NonEmptyList(string name, bool required, params IReadOnlyList<FieldSpec> fields) =>
        new(name, required, FieldKind.List) { Fields = fields, NonEmpty = true };

    public static FieldSpec Id(string name, bool required) => new(name, required, FieldKind.Id);

    public static FieldSpec ThisDevice(string name, bool required) => new(name, required, FieldKind.ThisDevice);

    public static FieldSpec ThisOrganization(string name, bool required) => new(name, required, FieldKind.ThisOrganization);

    public static FieldSpec Any(string name) => new(name, Required: false, FieldKind.Any);
}
