using Akka.Actor;
using Akka.TestKit.Xunit2;
using Gateway.Contracts;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;
using Gateway.Devices.Actors;
using Gateway.Devices.Settings;
using Gateway.Host.Configuration;
using Gateway.Persistence;
using Gateway.Tests.Protocols;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Gateway.Tests.Devices;

/// <summary>
/// Queries a device answers after its writes in flight (views, command status) reach the journal
/// as batches with nothing to write. On the shipped SQLite journal (the host's own configuration,
/// a real database file) they must not count as failed writes: here the journal's circuit breaker
/// opens at the first failure, which would stop the device at its next write.
/// </summary>
public sealed class JournalDeferralSpec : TestKit, IDisposable
{
    private const string Entity = "drone/Deferral-1";
    private static readonly string DataDir = Path.Combine(Path.GetTempPath(), $"gateway-deferral-{Guid.NewGuid():N}");

    public JournalDeferralSpec() : base(HostConfig())
    {
    }

    private static Akka.Configuration.Config HostConfig()
    {
        var config = GatewayConfig.Load(CommandLine.Parse(["--data-dir", DataDir, "--persistence", "sqlite"]), Path.Combine(AppContext.BaseDirectory, "hocon")).Config;
        SqliteFiles.Prepare(config.GetString("akka.persistence.journal.sql.connection-string"), config.GetString("akka.persistence.snapshot-store.sql.connection-string"));
        return Akka.Configuration.ConfigurationFactory.ParseString("""
                akka.actor.provider = local
                akka.persistence.journal.sql.circuit-breaker.max-failures = 1
                akka.persistence.journal.sql.circuit-breaker.reset-timeout = 5m
                """)
            .WithFallback(config)
            .WithFallback(SqlPluginDefaults.Config);
    }

    private static DeviceInput Telemetry(int battery) =>
        new(Entity, DeviceChannel.Telemetry, "/drone/Deferral-1/telemetry", DroneExamples.Utf8($$"""{"battery":{{battery}}}"""), DateTimeOffset.UtcNow);

    [Fact]
    public void Views_asked_while_telemetry_is_being_written_leave_the_journal_healthy()
    {
        // Every telemetry message is its own write, so a write is in flight when each view is asked.
        var context = TestConfig.DeviceContext(Sys.Settings.Config, CreateTestProbe().Ref, CreateTestProbe().Ref).WithTelemetry(TelemetrySettings.EachMessage);
        var device = Sys.ActorOf(DeviceActor.Props(Entity, context));
        Watch(device);
        for (var battery = 100; battery > 60; battery--)
        {
            device.Tell(Telemetry(battery));
            device.Tell(new GetDeviceView(Entity));
            ExpectMsg<DeviceView>(TimeSpan.FromSeconds(20));
        }
        device.Tell(StopDevice.Instance);
        ExpectTerminated(device, TimeSpan.FromSeconds(20));

        var recovered = Sys.ActorOf(DeviceActor.Props(Entity, context));
        recovered.Tell(new GetDeviceView(Entity));
        var view = ExpectMsg<DeviceView>(TimeSpan.FromSeconds(20));
        Assert.Contains("\"battery\":61", view.Shadow.Reported.ToString());
    }

    public new void Dispose()
    {
        base.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(DataDir, recursive: true);
    }
}
