using System.Buffers;
using System.Text.Json;

namespace Gateway.Protocols;

/// <summary>
/// A per-thread buffer and JSON writer for what a device actor writes and copies out at once (its
/// state publication, the parts of its view, a command's payload). Each actor kept its own 4 KB
/// buffers, 8 KB of every live device whether it ever published or not, and a fresh buffer per
/// command grew to 4 KB (Utf8JsonWriter asks for that much at its first write); an actor handles
/// one message at a time on one thread, so a buffer per thread serves them all. One instance per
/// use, so that no two of them ever share a buffer even if one is written inside another.
/// </summary>
public sealed class JsonScratch
{
    [ThreadStatic] private static JsonScratch? _state;
    [ThreadStatic] private static JsonScratch? _parts;
    [ThreadStatic] private static JsonScratch? _command;

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;

    private JsonScratch() => _writer = new Utf8JsonWriter(_buffer);

    /// <summary>The state publication's buffer on this thread.</summary>
    public static JsonScratch State => _state ??= new JsonScratch();

    /// <summary>The buffer on this thread for the parts of a view (shadow sides, metadata, family state).</summary>
    public static JsonScratch Parts => _parts ??= new JsonScratch();

    /// <summary>The buffer on this thread for a command's payload as published to the device.</summary>
    public static JsonScratch Command => _command ??= new JsonScratch();

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
