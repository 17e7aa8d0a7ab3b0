using System.Net.WebSockets;
using System.Text;
using MQTTnet.Protocol;
using Xunit;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// A dispatcher console: a real WebSocket client (System.Net's, over TCP) on the gateway's
/// <c>/api/dispatch</c>. Every frame it receives is kept, its <c>type</c> as the message's topic,
/// so tests wait for frames as they wait for MQTT messages. Connected once the gateway said READY.
/// </summary>
public sealed class DispatchConsole : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly MessageInbox _inbox = new();
    private readonly GatewayProcess _gateway;
    private readonly Task _reading;

    private DispatchConsole(ClientWebSocket socket, GatewayProcess gateway, bool read)
    {
        _socket = socket;
        _gateway = gateway;
        _reading = read ? ReadAsync() : Task.CompletedTask;
    }

    /// <summary>The close status and reason the gateway sent, once it closed.</summary>
    public (WebSocketCloseStatus? Status, string? Reason) Closed => (_socket.CloseStatus, _socket.CloseStatusDescription);

    public IReadOnlyList<ReceivedMessage> Received => _inbox.Received;

    /// <summary>Connects with <paramref name="query"/> (such as <c>drone=Alpha-3&amp;events=true</c>) and waits for READY.</summary>
    public static async Task<DispatchConsole> ConnectAsync(GatewayProcess gateway, string query = "", string? apiKey = null)
    {
        var console = new DispatchConsole(await OpenAsync(gateway, query, apiKey), gateway, read: true);
        await console.WaitForAsync(m => m.Topic == "READY", "READY from the dispatcher stream");
        return console;
    }

    /// <summary>A console that connects and then never reads a frame, as a stalled browser tab does.</summary>
    public static async Task<DispatchConsole> ConnectWithoutReadingAsync(GatewayProcess gateway, string query = "") =>
        new(await OpenAsync(gateway, query, null), gateway, read: false);

    /// <summary>Opens the WebSocket, or throws the handshake's failure (its HTTP status says why).</summary>
    public static async Task<ClientWebSocket> OpenAsync(GatewayProcess gateway, string query, string? apiKey)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var url = $"ws://127.0.0.1:{gateway.HttpPort}/api/dispatch?{query}{(apiKey is null ? "" : $"{(query.Length > 0 ? "&" : "")}access_token={Uri.EscapeDataString(apiKey)}")}";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(new Uri(url), timeout.Token);
        return socket;
    }

    public async Task SendAsync(string json)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    public async Task<ReceivedMessage> WaitForAsync(Func<ReceivedMessage, bool> match, string expectation, TimeSpan? deadline = null) =>
        (await _inbox.WaitForCountAsync(match, 1, expectation, deadline ?? Eventually.DefaultDeadline, () => _gateway.LogTail()))[0];

    /// <summary>Reads everything that is still buffered, as a console that resumes reading would, until the gateway's close.</summary>
    public async Task DrainUntilClosedAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        var buffer = new byte[64 * 1024];
        try
        {
            while (_socket.State == WebSocketState.Open && (await _socket.ReceiveAsync(buffer, timeout.Token)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (WebSocketException)
        {
            // Cut rather than closed: Closed has no status then.
        }
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[1024 * 1024];
        try
        {
            while (true)
            {
                var length = 0;
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                        return;
                    length += result.Count;
                } while (!result.EndOfMessage);
                var frame = buffer[..length];
                var type = System.Text.Json.JsonDocument.Parse(frame).RootElement.GetProperty("type").GetString()!;
                _inbox.Add(new ReceivedMessage(type, frame, false, MqttQualityOfServiceLevel.AtMostOnce, 0));
            }
        }
        catch (WebSocketException)
        {
            // The connection was cut.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                // The reading loop receives the gateway's answering close.
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
                await _reading.WaitAsync(timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or TimeoutException)
            {
                // Gone already.
            }
        }
        _socket.Dispose();
    }
}
