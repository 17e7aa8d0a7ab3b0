namespace Gateway.Protocols.Validation;

/// <summary>What the value of one field of a <see cref="FieldTable"/> must be.</summary>
public enum FieldKind
{
    String,
    OneOf,
    Number,
    WholeNumber,
    Bool,
    Timestamp,
    Object,
    /// <summary>An array of objects that each meet the field's own fields.</summary>
    List,
    /// <summary>A caller-chosen id: safe in a topic level and a URL.</summary>
    Id,
    /// <summary>A string naming the device the message is for: a payload may not speak for another device.</summary>
    ThisDevice,
    /// <summary>A string naming the device's organization: a payload may not speak for another tenant.</summary>
    ThisOrganization,
    /// <summary>Any value: the field is named only so that its value can be read (<see cref="FieldValues"/>).</summary>
    Any,
}
