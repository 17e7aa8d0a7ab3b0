using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>Retention on SQLite, with a gateway of its own (short periods): see <see cref="RetentionScenario"/>.</summary>
public sealed class RetentionTests
{
    [Fact]
    public async Task Expired_rows_leave_history_view_and_journal_while_recovery_gives_the_same_device()
    {
        using var config = await ConfigFile.WriteAsync("retention", RetentionScenario.Config);
        await using var gateway = await GatewayProcess.StartAsync("retention", ["--config", config.Path]);

        await RetentionScenario.RunAsync(gateway, JournalRows.Sqlite(gateway));
    }
}
