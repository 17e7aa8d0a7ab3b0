namespace Gateway.Protocols.Extensions;

/// <summary>
/// What an extension read from the payload it last decided on, kept with the entry it journals.
/// The device state applies that very entry next (at once when it is written behind, after the
/// journal while later input waits when it is journaled first), so <see cref="IDeviceExtension.Apply"/>
/// takes the reading instead of parsing the entry's bytes again. Recovery, which has only the
/// bytes, finds nothing here and parses them.
/// </summary>
public sealed class DecidedEntry<T> where T : class
{
    private ExtensionRecorded? _entry;
    private T? _read;

    public void Keep(ExtensionRecorded entry, T read) => (_entry, _read) = (entry, read);

    /// <summary>The reading kept with <paramref name="entry"/> (the same instance), once; null for any other entry.</summary>
    public T? Take(ExtensionRecorded entry)
    {
        if (!ReferenceEquals(entry, _entry))
            return null;
        var read = _read;
        (_entry, _read) = (null, null);
        return read;
    }
}
