namespace Gateway.Devices.Actors;

/// <summary>
/// A per-thread buffer and JSON writer for what a device actor writes and copies out at once (its
/// state publication, the parts of its view). Each actor kept its own 4 KB buffers, 8 KB of every
/// live device whether it ever published or not; an actor handles one message at a time on one
/// thread, so a buffer per thread serves them all. Two instances, so that the state publication
/// and the view's parts never share a buffer even if one is ever written inside the other.
/// </summary>
internal sealed class JsonScratch
{
    [ThreadStatic] private static JsonScratch? _state;
    [ThreadStatic] private static JsonScratch? _parts;

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;

    private JsonScratch() => _writer = new Utf8JsonWriter(_buffer);

    /// <summary>The state publication's buffer on this thread.</summary>
    public static JsonScratch State => _state ??= new JsonScratch();

    /// <summary>The buffer on this thread for the parts of a view (shadow sides, metadata, extension).</summary>
    public static JsonScratch Parts => _parts ??= new JsonScratch();

    /// <summary>An emptied buffer's writer; copy <see cref="Written"/> out before this thread starts it again.</summary>
    public Utf8JsonWriter Start()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        return _writer;
    }

    /// <summary>What the writer has written since <see cref="Start"/> (flushed).</summary>
    public ReadOnlySpan<byte> Written
    {
        get
        {
            _writer.Flush();
            return _buffer.WrittenSpan;
        }
    }
}
