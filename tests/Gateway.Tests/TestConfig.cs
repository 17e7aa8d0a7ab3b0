using Akka.Actor;
using Akka.Configuration;
using Gateway.Devices.Actors;
using Gateway.Devices.Settings;
using Gateway.Protocols;

namespace Gateway.Tests;

/// <summary>The gateway's own HOCON (copied next to the tests by the host project), and the in-process setup the actor specs share.</summary>
public static class TestConfig
{
    public static Config Gateway { get; } =
        ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "hocon", "gateway.hocon")));

    /// <summary>One process, in-memory journal and snapshots, generous deadlines (they wait for things, they do not time them).</summary>
    public static Config InProcess(string overrides = "") => ConfigurationFactory.ParseString($"""
        akka.actor.provider = local
        akka.test.single-expect-default = 10s
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        {overrides}
        """).WithFallback(Gateway);

    /// <summary>What device actors share, built from <paramref name="config"/> for every registered family, as the host builds it.</summary>
    public static DeviceActorContext DeviceContext(Config config, IActorRef mqtt, IActorRef registry, DeviceProfiles? profiles = null) =>
        DeviceActorContext.Create(config, profiles ?? DeviceProfiles.Create(config), mqtt, registry);

    /// <summary><paramref name="context"/> with every family's telemetry persisted as <paramref name="telemetry"/> says, for specs about one persistence mode.</summary>
    public static DeviceActorContext WithTelemetry(this DeviceActorContext context, TelemetrySettings telemetry) =>
        context with { Telemetry = context.Telemetry.ToDictionary(t => t.Key, _ => telemetry) };
}
