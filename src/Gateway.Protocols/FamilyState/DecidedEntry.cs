namespace Gateway.Protocols.FamilyState;

/// <summary>
/// What a family state read from the payload it last decided on, kept with the entry it journals.
/// The device state applies that very entry next (at once when it is written behind, after the
/// journal while later input waits when it is journaled first), so <see cref="IFamilyState.Apply"/>
/// takes the reading instead of parsing the entry's bytes again. Recovery, which has only the
/// bytes, finds nothing here and parses them.
/// </summary>
public sealed class DecidedEntry<T> where T : class
{
    private FamilyStateRecorded? _entry;
    private T? _read;

    public void Keep(FamilyStateRecorded entry, T read) => (_entry, _read) = (entry, read);

    /// <summary>The reading kept with <paramref name="entry"/> (the same instance), once; null for any other entry.</summary>
    public T? Take(FamilyStateRecorded entry)
    {
        if (!ReferenceEquals(entry, _entry))
            return null;
        var read = _read;
        (_entry, _read) = (null, null);
        return read;
    }
}
