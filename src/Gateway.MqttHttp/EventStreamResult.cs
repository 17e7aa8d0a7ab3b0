using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace Gateway.MqttHttp;

/// <summary>
/// Streams a subscription's messages as Server-Sent Events until the client disconnects, the
/// subscription is removed or the gateway stops: first <c>event: subscribed</c> with the
/// subscription, then <c>event: message</c> per message with the callback body as <c>data</c>, and a
/// comment line after each quiet <c>stream-heartbeat</c> so that proxies keep the stream open and a
/// vanished client is noticed.
/// </summary>
public sealed class EventStreamResult(Subscription subscription, TimeSpan heartbeat, Action ended) : IResult
{
    public async Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping, subscription.Closed);
        var writer = response.BodyWriter;
        try
        {
            WriteEvent(writer, "subscribed"u8, JsonSerializer.SerializeToUtf8Bytes(SubscriptionView.Of(subscription), MqttHttpJsonContext.Relaxed.SubscriptionView));
            await writer.FlushAsync(done.Token);
            while (await WaitForMessagesAsync(writer, done.Token))
            {
                while (subscription.Messages.TryRead(out var message))
                {
                    WriteEvent(writer, "message"u8, message.Body);
                    subscription.Counters.AddDelivered();
                }
                await writer.FlushAsync(done.Token);
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
            // The client left, the subscription was removed or the gateway is stopping.
        }
        finally
        {
            ended();
        }
    }

    /// <summary>Waits for the next message, writing a heartbeat comment whenever a quiet period ends.</summary>
    private async Task<bool> WaitForMessagesAsync(PipeWriter writer, CancellationToken ct)
    {
        while (true)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct);
            quiet.CancelAfter(heartbeat);
            try
            {
                return await subscription.Messages.WaitToReadAsync(quiet.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                writer.Write(": keep-alive\n\n"u8);
                await writer.FlushAsync(ct);
            }
        }
    }

    /// <summary>The data is compact JSON, which has no line breaks, so it fits one <c>data:</c> line.</summary>
    private static void WriteEvent(PipeWriter writer, ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
    {
        writer.Write("event: "u8);
        writer.Write(name);
        writer.Write("\ndata: "u8);
        writer.Write(data);
        writer.Write("\n\n"u8);
    }
}
