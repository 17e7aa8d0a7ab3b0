using Gateway.Contracts.Messages;

namespace Gateway.Client;

/// <summary>Why a call did not get what it asked for; expected outcomes, not exceptions.</summary>
public enum GatewayErrorKind
{
    /// <summary>The device (or the command) is not known to the gateway.</summary>
    NotFound,
    /// <summary>The gateway refused the command or the desired state; <see cref="GatewayError.Fields"/> says why.</summary>
    Invalid,
    /// <summary>No answer within the timeout: the client is not a member yet, or the device's node is failing over.</summary>
    Unavailable,
}

public sealed record GatewayError(GatewayErrorKind Kind, string Message, IReadOnlyList<FieldError> Fields)
{
    public override string ToString() => Fields.Count == 0
        ? Message
        : $"{Message}: {FieldError.Join(Fields)}";
}

/// <summary>Either the value asked for or the reason it is not there.</summary>
public sealed record GatewayResult<T>(T? Value, GatewayError? Error) where T : class
{
    public bool IsSuccess => Error is null;

    internal static GatewayResult<T> Ok(T value) => new(value, null);

    internal static GatewayResult<T> Fail(GatewayErrorKind kind, string message, IReadOnlyList<FieldError>? fields = null) =>
        new(null, new GatewayError(kind, message, fields ?? []));
}
