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
    /// <summary>A string equal to a part of the topic (<see cref="TopicPart"/>): a payload may not speak for another tenant or device.</summary>
    MatchesTopic,
}
