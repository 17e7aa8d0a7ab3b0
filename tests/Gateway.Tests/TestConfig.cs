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

    /// <summary>What device actors share, built from <paramref name="config"/> for every registered family.</summary>
    public static DeviceActorContext DeviceContext(Config config, IActorRef mqtt, IActorRef registry,
        DeviceProfiles? profiles = null, Func<string, TelemetrySettings>? telemetry = null)
    {
        profiles ??= DeviceProfiles.Create(config);
        return new DeviceActorContext(profiles, DeviceSettings.From(config),
            profiles.All.ToDictionary(p => p.Kind, p => CommandSettings.For(config, p.Kind)), mqtt, registry,
            telemetry is null ? null : profiles.All.ToDictionary(p => p.Kind, p => telemetry(p.Kind)));
    }
}
