using Xunit;

namespace Gateway.IntegrationTests.Collections;

/// <summary>
/// The crash cycles load a gateway of their own until they kill it, and the flood overloads one on
/// purpose; they run after the other collections, alone, so that neither their load nor the others'
/// slows the other's timings.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CrashCollection
{
    public const string Name = "crash";
}
