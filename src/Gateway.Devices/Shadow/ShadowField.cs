namespace Gateway.Devices.Shadow;

/// <summary>
/// One top-level field of a shadow, as raw JSON. The buffer is rewritten in place when a new
/// value has the same length, which is the common case for telemetry numbers, so a steady
/// stream of reports does not allocate per field.
/// </summary>
public sealed class ShadowField(byte[] buffer, int length, DateTimeOffset updatedAt)
{
    private byte[] _buffer = buffer;

    public int Length { get; private set; } = length;
    public DateTimeOffset UpdatedAt { get; set; } = updatedAt;
    public ReadOnlySpan<byte> Json => _buffer.AsSpan(0, Length);

    public void Set(ReadOnlySpan<byte> value)
    {
        if (value.Length > _buffer.Length)
            _buffer = new byte[value.Length];
        value.CopyTo(_buffer);
        Length = value.Length;
    }
}
