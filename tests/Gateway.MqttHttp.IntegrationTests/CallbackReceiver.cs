using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Gateway.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.MqttHttp.IntegrationTests;

/// <summary>
/// A petal's callback server: Kestrel on a free loopback port, where <c>POST /{name}</c> records
/// the body and answers with the next status scripted for that name (200 once the script is used up).
/// </summary>
public sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Channel<Callback>> _received = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _scripts = new();

    private CallbackReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/{name}", async (string name, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            Inbox(name).Writer.TryWrite(new Callback(body, request.Headers["X-Subscription-Id"].ToString(), request.ContentType));
            return Results.StatusCode(_scripts.TryGetValue(name, out var script) && script.TryDequeue(out var status) ? status : 200);
        });
    }

    public static async Task<CallbackReceiver> StartAsync()
    {
        var receiver = new CallbackReceiver();
        await receiver._app.StartAsync();
        return receiver;
    }

    public string Url(string name)
    {
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return $"{address.Replace("[::1]", "127.0.0.1")}/{name}";
    }

    /// <summary>The statuses the next requests to <paramref name="name"/> are answered with, in order.</summary>
    public void Script(string name, params int[] statuses) => _scripts[name] = new ConcurrentQueue<int>(statuses);

    public Task<Callback> NextAsync(string name) => Eventually.Within(ct => Inbox(name).Reader.ReadAsync(ct).AsTask(), $"a callback on /{name}");

    /// <summary>Requests received on <paramref name="name"/> and not yet taken with <see cref="NextAsync"/>.</summary>
    public int Waiting(string name) => Inbox(name).Reader.Count;

    private Channel<Callback> Inbox(string name) => _received.GetOrAdd(name, _ => Channel.CreateUnbounded<Callback>());

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public sealed record Callback(string Body, string SubscriptionId, string? ContentType)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    }
}
