using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Persistence.Journal;

namespace Gateway.Devices.Journal;

/// <summary>
/// Every entry a device journals (but retention's marker, which no read model follows) carries one tag, its family's kind (<c>drone</c>, <c>esp32</c>,
/// ...), so that read models (the device directory, history queries) can follow a family's
/// events with the read journal's <c>EventsByTag</c> instead of reading every device one by one.
/// An event adapter cannot do this: it sees the event, not the persistence id that names the kind.
/// </summary>
public static class DeviceTags
{
    // One set per family, shared by every write: tagging costs the Tagged box, not a set per event.
    private static readonly ConcurrentDictionary<string, IImmutableSet<string>> Sets = new(StringComparer.Ordinal);

    /// <summary>The tag of the entries of devices of <paramref name="kind"/>.</summary>
    public static string For(string kind) => kind;

    public static IImmutableSet<string> SetFor(string kind) =>
        Sets.GetOrAdd(kind, static k => ImmutableHashSet.Create(StringComparer.Ordinal, For(k)));

    /// <summary>An entry as it goes to the journal: tagged with <paramref name="tags"/>; the journal stores the entry alone.</summary>
    public static object Tag(object entry, IImmutableSet<string> tags) => new Tagged(entry, tags);

    /// <summary>The entry a write handler gets back from what <see cref="Tag"/> made of it.</summary>
    public static object Untag(object written) => written is Tagged tagged ? tagged.Payload : written;
}
