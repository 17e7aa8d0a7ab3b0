namespace Gateway.Protocols.Validation;

/// <summary>The part of a device's topic a <see cref="FieldKind.MatchesTopic"/> field must repeat.</summary>
public enum TopicPart
{
    Organization,
    Device,
}
