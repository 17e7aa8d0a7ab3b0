using System.Net;
using System.Text.Json;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Npgsql;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>With --persistence postgres the journal lives in PostgreSQL, and a restarted gateway reads it back.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresPersistenceTests(PostgresGatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task ReadinessReportsThePostgresJournal()
    {
        var response = await Gateway.Api.GetAsync("readyz");

        Assert.True(response.StatusCode == HttpStatusCode.OK, response.ToString());
        Assert.Equal("available (postgres)", response.Json.StringAt("checks.journal"));
    }

    [Fact]
    public async Task TelemetryAndCommandsSurviveARestartOnPostgres()
    {
        var drone = DroneIds.New("postgres");
        string commandId;
        await using (var device = await MqttTestClient.ConnectAsync(Gateway.MqttPort))
        {
            await device.SubscribeAsync($"/drone/{drone}/command");
            await device.PublishAsync($"/drone/{drone}/telemetry", DroneExamples.TelemetryOf(drone));
            await Eventually.Until(() => Gateway.Api.GetDeviceAsync(drone), r => r.StatusCode == HttpStatusCode.OK, $"{drone}'s telemetry", Gateway);

            var posted = await Gateway.Api.PostCommandAsync(drone, Fixtures.Text(DroneExamples.LaunchCommand));
            Assert.True(posted.StatusCode == HttpStatusCode.Accepted, posted.ToString());
            commandId = posted.Json.StringAt("command_id")!;
            await device.WaitForAsync(m => m.StringField("command_id") == commandId, "the LAUNCH on the drone's command topic");
            await device.PublishAsync($"/drone/{drone}/events", DroneExamples.LaunchAcknowledged(DroneExamples.MissionId, commandId));
            await Eventually.Until(() => Gateway.Api.GetCommandAsync(drone, commandId),
                r => r.Json.StringAt("status") == "acknowledged", $"command {commandId} to be acknowledged", Gateway);
        }
        var before = (await Gateway.Api.GetDeviceAsync(drone)).Json;
        var commandBefore = (await Gateway.Api.GetCommandAsync(drone, commandId)).Json;

        Assert.True(await JournalRowsFor($"device-drone/{drone}") > 0, $"nothing for {drone} in PostgreSQL's journal table\n{Gateway.LogTail()}");

        await Gateway.RestartAsync();

        var after = await Gateway.Api.GetDeviceAsync(drone);
        Assert.True(after.StatusCode == HttpStatusCode.OK, $"{drone} was forgotten: {after}\n{Gateway.LogTail()}");
        Assert.Equal(84, after.Json.At("shadow.reported.battery").GetInt32());
        Assert.Equal(before.At("shadow.version").GetInt64(), after.Json.At("shadow.version").GetInt64());
        Assert.True(JsonElement.DeepEquals(before.At("shadow.reported"), after.Json.At("shadow.reported")), $"{before.At("shadow.reported")} -> {after.Json.At("shadow.reported")}");
        var commandAfter = await Gateway.Api.GetCommandAsync(drone, commandId);
        Assert.True(commandAfter.StatusCode == HttpStatusCode.OK, commandAfter.ToString());
        Assert.True(JsonElement.DeepEquals(commandBefore, commandAfter.Json), $"{commandBefore} -> {commandAfter.Json}");
    }

    [Fact]
    public async Task TheDirectoryListsDevicesOfEveryFamilyFromPostgresAndAgainAfterARestart()
    {
        var scenario = await DirectoryScenario.PublishAsync(Gateway);
        var before = await scenario.ListedAsViewedAsync(Gateway);
        await scenario.FiltersAndPagesAsync(Gateway);
        Assert.Equal(";esp32;", await JournalTagsOf($"device-{scenario.Boards[0].EntityId}"));

        await Gateway.RestartAsync();

        var after = await scenario.ListedAsViewedAsync(Gateway);
        foreach (var route in scenario.All)
            Assert.Equal(before[route], after[route]);
    }

    /// <summary>The tags column of the persistence id's last row: the family's tag, as the read journal's EventsByTag finds it.</summary>
    private async Task<string?> JournalTagsOf(string persistenceId)
    {
        await using var connection = new NpgsqlConnection(fixture.Postgres.ConnectionString(PostgresGatewayFixture.Database));
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT tags FROM journal WHERE persistence_id = @id ORDER BY sequence_number DESC LIMIT 1", connection);
        query.Parameters.AddWithValue("id", persistenceId);
        return await query.ExecuteScalarAsync() as string;
    }

    /// <summary>Reads the journal table directly, proving the events went to PostgreSQL and not to some local file.</summary>
    private async Task<long> JournalRowsFor(string persistenceId)
    {
        await using var connection = new NpgsqlConnection(fixture.Postgres.ConnectionString(PostgresGatewayFixture.Database));
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT count(*) FROM journal WHERE persistence_id = @id", connection);
        query.Parameters.AddWithValue("id", persistenceId);
        return (long)(await query.ExecuteScalarAsync() ?? 0L);
    }
}
