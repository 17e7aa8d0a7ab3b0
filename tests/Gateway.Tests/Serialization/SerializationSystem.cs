using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using Xunit;

namespace Gateway.Tests.Serialization;

/// <summary>One actor system with the gateway's serialization settings, shared by the serializer specs.</summary>
public sealed class SerializationSystem : IDisposable
{
    public ActorSystem System { get; } = ActorSystem.Create("serialization", TestConfig.Gateway.WithFallback(
        ConfigurationFactory.ParseString("akka.actor.provider = local")));

    /// <summary>
    /// Serializes <paramref name="sample"/> with the serializer HOCON binds it to, which must be a
    /// <typeparamref name="TSerializer"/>, and reads it back by identifier and manifest as a
    /// journal or a remote node would.
    /// </summary>
    public object RoundTrip<TSerializer>(object sample) where TSerializer : Serializer
    {
        var serializer = System.Serialization.FindSerializerFor(sample);
        Assert.IsType<TSerializer>(serializer);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, sample);
        return System.Serialization.Deserialize(serializer.ToBinary(sample), serializer.Identifier, manifest);
    }

    /// <summary>The serializer HOCON binds <paramref name="boundType"/> to, which must be a <typeparamref name="TSerializer"/>.</summary>
    public TSerializer Serializer<TSerializer>(Type boundType) where TSerializer : Serializer =>
        Assert.IsType<TSerializer>(System.Serialization.FindSerializerForType(boundType));

    public void Dispose() => System.Terminate().Wait(TimeSpan.FromSeconds(10));
}
