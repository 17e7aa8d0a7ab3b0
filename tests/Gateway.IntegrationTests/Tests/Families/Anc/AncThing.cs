using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Tests.Families.Anc;

/// <summary>
/// An ANC thing's side of the AWS IoT Device Shadow protocol, over MQTTnet as the AWS device SDK
/// would do it: it listens on every reply topic of its shadows and sends update, get and delete.
/// </summary>
internal sealed class AncThing : IAsyncDisposable
{
    public const string Kind = "anc";

    private readonly MqttTestClient _client;

    private AncThing(string name, MqttTestClient client)
    {
        Name = name;
        _client = client;
    }

    public string Name { get; }

    public DeviceRoute Route => DeviceRoute.Of(Kind, Name);

    public static async Task<AncThing> ConnectAsync(int port, string name)
    {
        var client = await MqttTestClient.ConnectAsync(port);
        try
        {
            await client.SubscribeAsync($"$aws/things/{name}/shadow/#");
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
        return new AncThing(name, client);
    }

    /// <summary><c>$aws/things/{thing}/shadow</c>, or <c>.../shadow/name/{shadow}</c> for a named shadow.</summary>
    public string ShadowTopic(string? shadow = null) => shadow is null ? $"$aws/things/{Name}/shadow" : $"$aws/things/{Name}/shadow/name/{shadow}";

    public Task UpdateAsync(string payload, string? shadow = null) => _client.PublishAsync($"{ShadowTopic(shadow)}/update", payload);

    public Task GetAsync(string payload = "", string? shadow = null) => _client.PublishAsync($"{ShadowTopic(shadow)}/get", payload);

    public Task DeleteAsync(string payload = "", string? shadow = null) => _client.PublishAsync($"{ShadowTopic(shadow)}/delete", payload);

    /// <summary>A request of <paramref name="operation"/> ("update", "get", "delete") with the payload's bytes as they are.</summary>
    public Task RequestAsync(string operation, byte[] payload, string? shadow = null) => _client.PublishAsync($"{ShadowTopic(shadow)}/{operation}", payload);

    /// <summary>The reply on <c>{shadow}/{suffix}</c> (such as "update/accepted") carrying <paramref name="clientToken"/>, or any reply there when null.</summary>
    public async Task<JsonElement> ReplyAsync(string suffix, string? clientToken, string? shadow = null)
    {
        var topic = $"{ShadowTopic(shadow)}/{suffix}";
        var reply = await _client.WaitForAsync(m => m.Topic == topic && (clientToken is null || m.StringField("clientToken") == clientToken),
            $"{topic}{(clientToken is null ? "" : $" for clientToken {clientToken}")}");
        return reply.Json();
    }

    /// <summary>Whichever answer <paramref name="operation"/> ("get", "update", "delete") got for <paramref name="clientToken"/>: accepted or rejected.</summary>
    public async Task<ReceivedMessage> AnswerAsync(string operation, string clientToken, string? shadow = null)
    {
        var accepted = $"{ShadowTopic(shadow)}/{operation}/accepted";
        var rejected = $"{ShadowTopic(shadow)}/{operation}/rejected";
        return await _client.WaitForAsync(m => (m.Topic == accepted || m.Topic == rejected) && m.StringField("clientToken") == clientToken,
            $"{operation}/accepted or {operation}/rejected for clientToken {clientToken}");
    }

    public IReadOnlyList<ReceivedMessage> Received => _client.Received;

    /// <summary>A example shadow document with a clientToken of its own, so its replies can be told apart.</summary>
    public static string WithToken(string example, string clientToken) => Fixtures.With(example, d => d["clientToken"] = clientToken);

    /// <summary>The <c>state.reported</c> or <c>state.desired</c> object of a protocol document.</summary>
    public static JsonElement ExampleSection(string example, string section)
    {
        using var document = JsonDocument.Parse(Fixtures.Object(example)["state"]![section]!.ToJsonString());
        return document.RootElement.Clone();
    }

    public static string Update(JsonObject state, string clientToken, long? version = null)
    {
        var request = new JsonObject { ["state"] = state, ["clientToken"] = clientToken };
        if (version is not null)
            request["version"] = version;
        return request.ToJsonString();
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
