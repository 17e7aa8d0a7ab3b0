using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.LoadTest.Mqtt;
using MQTTnet;
using MQTTnet.Protocol;

namespace Gateway.CrashTest.Load;

/// <summary>
/// One device of one cycle on its own MQTT connection: until the load stops (or its budget runs
/// out) it sends one request at a time after a random pause, chosen among what its family does:
/// events, HTTP commands that it then mostly acknowledges, AWS shadow updates, desired-state PUTs.
/// A request answered "not now" is sent again until it is taken. Every answer is written into the
/// <see cref="Ledger"/> as it is read.
/// </summary>
public sealed class DeviceWorker : IAsyncDisposable
{
    // Longer than any answer of a live gateway; an update/accepted that does not come in time is
    // counted as unanswered, not as promised.
    private static readonly TimeSpan AcceptedDeadline = TimeSpan.FromSeconds(10);
    // Some commands stay unacknowledged, so checks also cover commands that are still pending or retried.
    private const double AcknowledgedShare = 0.7;
    // Without a Retry-After, a refused request is sent again after 1, 2, 4, then every 5 s: a
    // device's backoff, short enough to be taken soon after an outage ends.
    private static readonly TimeSpan FirstResendPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestResendPause = TimeSpan.FromSeconds(5);

    private readonly CrashDevice _device;
    private readonly IMqttClient _mqtt;
    private readonly HttpClient _http;
    private readonly Ledger _ledger;
    private readonly Random _random;
    private readonly TimeSpan _pauseMax;
    private readonly DeviceBudget _budget = new();
    // update/accepted or update/rejected by clientToken: null when accepted, else the refusal.
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string?>> _shadowReplies = new();

    private DeviceWorker(CrashDevice device, IMqttClient mqtt, HttpClient http, Ledger ledger, int seed, TimeSpan pauseMax)
    {
        _device = device;
        _mqtt = mqtt;
        _http = http;
        _ledger = ledger;
        _random = new Random(seed);
        _pauseMax = pauseMax;
    }

    public static async Task<DeviceWorker> ConnectAsync(CrashDevice device, int mqttPort, HttpClient http, Ledger ledger, int seed, TimeSpan pauseMax, CancellationToken ct)
    {
        var client = await MqttConnect.ConnectAsync("127.0.0.1", mqttPort, $"crash-{device.Id}", ct);
        var worker = new DeviceWorker(device, client, http, ledger, seed, pauseMax);
        if (device.Kind == "anc")
        {
            client.ApplicationMessageReceivedAsync += worker.OnShadowReply;
            var root = $"$aws/things/{device.Id}/shadow/update";
            await MqttConnect.SubscribeAsync(client, [$"{root}/accepted", $"{root}/rejected"], MqttQualityOfServiceLevel.AtLeastOnce, ct);
        }
        return worker;
    }

    /// <param name="stop">No new request after this; the one under way goes on (sent again while it is refused).</param>
    /// <param name="abort">Ends the request under way too: it is left unanswered, or refused if it waited to be sent again.</param>
    public async Task RunAsync(CancellationToken stop, CancellationToken abort)
    {
        try
        {
            while (!stop.IsCancellationRequested && Next() is { } request)
            {
                await Task.Delay(_random.Next((int)_pauseMax.TotalMilliseconds + 1), stop);
                await request(abort);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The load stopped (the gateway was killed, or it is ready again after an outage) during a pause.
        }
    }

    /// <summary>The next request, drawn by the family's weights among those its budget still allows; null when none is left.</summary>
    private Func<CancellationToken, Task>? Next()
    {
        var d = _device;
        List<(int Weight, Func<CancellationToken, Task> Request)> choices = d.Kind switch
        {
            "drone" => [
                (_budget.HasEvent ? 4 : 0, ct => EventAsync(CheckKinds.DroneEvent, $"/drone/{d.Id}/events", m => Payloads.DroneEvent(d, m), ct)),
                (_budget.HasCommand ? 3 : 0, ct => CommandAsync(Payloads.DroneCommand(), CheckKinds.DroneAck, $"/drone/{d.Id}/events", Payloads.DroneAck, ct)),
                (_budget.HasDesiredPut ? 3 : 0, DesiredAsync)],
            "esp32" => [
                (_budget.HasEvent ? 5 : 0, ct => EventAsync(CheckKinds.Esp32Alert, $"devices/{d.Org}/{d.Id}/alert", m => Payloads.Esp32Alert(d, m), ct)),
                (_budget.HasCommand ? 5 : 0, ct => CommandAsync(Payloads.Esp32Command(d), CheckKinds.Esp32Response, $"devices/{d.Org}/{d.Id}/command_response", Payloads.Esp32Response, ct))],
            "petal" => [
                (_budget.HasCommand ? 1 : 0, ct => CommandAsync(Payloads.PetalCommand(), CheckKinds.PetalResponse, $"org/{d.Org}/device/{d.Id}/response", Payloads.PetalResponse, ct))],
            "anc" => [
                (_budget.HasEvent ? 3 : 0, ct => EventAsync(CheckKinds.AncEmergency, $"anc/devices/{d.Id}/emergency", Payloads.AncEmergency, ct)),
                (_budget.HasShadowUpdate ? 4 : 0, ShadowUpdateAsync),
                (_budget.HasDesiredPut ? 3 : 0, DesiredAsync)],
            _ => throw new InvalidOperationException($"no requests for family {d.Kind}"),
        };
        var total = choices.Sum(c => c.Weight);
        if (total == 0)
            return null;
        var draw = _random.Next(total);
        foreach (var (weight, request) in choices)
        {
            if (draw < weight)
                return request;
            draw -= weight;
        }
        throw new InvalidOperationException("unreachable: the draw is below the total weight");
    }

    private string Marker(char what, int n) => $"{_device.Id}-{what}{n}";

    private Task EventAsync(CheckKind kind, string topic, Func<string, string> payload, CancellationToken ct)
    {
        var marker = Marker('e', _budget.TakeEvent());
        return PublishAsync(kind, topic, payload(marker), marker, null, ct);
    }

    /// <summary>POST a command; once it is accepted (202), mostly answer it as the device would, with the command id the gateway gave it.</summary>
    private async Task CommandAsync(string body, CheckKind ackKind, string ackTopic, Func<string, string> ack, CancellationToken ct)
    {
        _budget.TakeCommand();
        var taken = await SendAsync(CheckKinds.HttpCommand, async token =>
        {
            using var response = await _http.PostAsync($"{_device.ApiPath}/commands", Json(body), token);
            var text = await response.Content.ReadAsStringAsync(token);
            if (response.StatusCode != HttpStatusCode.Accepted)
                return HttpRefusal(response, text);
            using var json = JsonDocument.Parse(text);
            return Answer.Took(json.RootElement.GetProperty("command_id").GetString()!);
        }, a => new Confirmation(CheckKinds.HttpCommand, _device, a.Value!, a.Value), ct);
        if (taken?.Value is not { } commandId || _random.NextDouble() >= AcknowledgedShare || !_budget.HasEvent)
            return;
        _budget.TakeEvent();
        await PublishAsync(ackKind, ackTopic, ack(commandId), commandId, commandId, ct);
    }

    private Task PublishAsync(CheckKind kind, string topic, string payload, string marker, string? reference, CancellationToken ct) =>
        SendAsync(kind, async token => Puback(await _mqtt.PublishAsync(Message(topic, payload), token)),
            _ => new Confirmation(kind, _device, marker, reference), ct);

    private async Task ShadowUpdateAsync(CancellationToken ct)
    {
        var n = _budget.TakeShadowUpdate();
        var key = $"r{n}";
        var marker = Marker('u', n);
        try
        {
            await SendAsync(CheckKinds.ShadowUpdate, token => ShadowAttemptAsync(key, marker, token),
                _ => new Confirmation(CheckKinds.ShadowUpdate, _device, marker, key), ct);
        }
        finally
        {
            _shadowReplies.TryRemove(marker, out _);
        }
    }

    /// <summary>One attempt of a shadow update: its PUBACK, then update/accepted or update/rejected with its clientToken.</summary>
    private async Task<Answer> ShadowAttemptAsync(string key, string marker, CancellationToken ct)
    {
        var reply = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _shadowReplies[marker] = reply;
        var puback = Puback(await _mqtt.PublishAsync(Message($"$aws/things/{_device.Id}/shadow/update", Payloads.ShadowUpdate(key, marker)), ct));
        if (!puback.Taken)
            return puback;
        return await reply.Task.WaitAsync(AcceptedDeadline, ct) is { } refusal ? Answer.Refused(refusal) : Answer.Took();
    }

    private Task DesiredAsync(CancellationToken ct)
    {
        var n = _budget.TakeDesiredPut();
        var key = $"d{n}";
        var marker = Marker('d', n);
        return SendAsync(CheckKinds.DesiredPut, async token =>
        {
            using var response = await _http.PutAsync($"{_device.ApiPath}/shadow/desired", Json(Payloads.Desired(key, marker)), token);
            var text = await response.Content.ReadAsStringAsync(token);
            return response.StatusCode == HttpStatusCode.OK ? Answer.Took() : HttpRefusal(response, text);
        }, _ => new Confirmation(CheckKinds.DesiredPut, _device, marker, key), ct);
    }

    /// <summary>
    /// Sends one request until it is taken, refused or left unanswered. A "not now" is followed by
    /// the same request again, after the answer's Retry-After or a growing pause, as a device
    /// holding an unacknowledged message or a client told 503 does, while the budget has a place
    /// for it. Answers the gateway's answer when it took the request, else null.
    /// </summary>
    private async Task<Answer?> SendAsync(CheckKind kind, Func<CancellationToken, Task<Answer>> attempt, Func<Answer, Confirmation> confirmation, CancellationToken ct)
    {
        _ledger.Sent(kind);
        var pause = FirstResendPause;
        for (var resent = false; ; resent = true)
        {
            Answer answer;
            try
            {
                answer = await attempt(ct);
            }
            catch (Exception e) when (LostAnswer.Is(e) || e is TimeoutException)
            {
                // A missing update/accepted (TimeoutException) is no answer either: not promised.
                _ledger.Unanswered(kind);
                return null;
            }
            if (answer.Taken)
            {
                _ledger.Confirm(confirmation(answer), resent);
                return answer;
            }
            if (answer.NotNow)
                _ledger.RetryLater(kind, _device, answer);
            if (!answer.NotNow || !_budget.TryTakeAgain(kind))
            {
                _ledger.Refuse(kind, _device, answer.Reason);
                return null;
            }
            try
            {
                // Drawn between half and all of the pause, so that devices refused together do not all come back together.
                await Task.Delay(answer.RetryAfter ?? pause * (0.5 + _random.NextDouble() / 2), ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                _ledger.Refuse(kind, _device, $"{answer.Reason} (the load ended before it was sent again)");
                return null;
            }
            pause = pause * 2 < LongestResendPause ? pause * 2 : LongestResendPause;
        }
    }

    /// <summary>PUBACK 0x80 (the journal is unavailable or too slow) and 0x97 (too many wait for it) say "not now"; other error codes refuse for good.</summary>
    private static Answer Puback(MqttClientPublishResult result)
    {
        if (result.IsSuccess)
            return Answer.Took();
        var reason = $"PUBACK {result.ReasonCode} {result.ReasonString}";
        // The reason string tells the breaker's refusal at once from a write that timed out.
        return result.ReasonCode is MqttClientPublishReasonCode.UnspecifiedError or MqttClientPublishReasonCode.QuotaExceeded
            ? Answer.Later($"PUBACK {result.ReasonCode}: {result.ReasonString}", reason)
            : Answer.Refused(reason);
    }

    /// <summary>A 503 says "not now", with Retry-After when the gateway gave one; any other status refuses for good.</summary>
    private static Answer HttpRefusal(HttpResponseMessage response, string text)
    {
        var reason = $"{(int)response.StatusCode} {Excerpt(text)}";
        if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            return Answer.Refused(reason);
        var retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date > DateTimeOffset.UtcNow ? date - DateTimeOffset.UtcNow : TimeSpan.Zero,
            _ => (TimeSpan?)null,
        };
        return Answer.Later($"HTTP 503: {ProblemTitle(text)}", reason, retryAfter);
    }

    /// <summary>The problem's title ("Journal unavailable", "Device did not answer"): which of the gateway's refusals it was.</summary>
    private static string ProblemTitle(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.TryGetProperty("title", out var title) && title.GetString() is { } t ? t : "no title";
        }
        catch (JsonException)
        {
            return "not a problem document";
        }
    }

    /// <summary>Completes the update waiting for this clientToken; runs on MQTTnet's receive loop, so it only reads and signals.</summary>
    private Task OnShadowReply(MqttApplicationMessageReceivedEventArgs e)
    {
        var message = e.ApplicationMessage;
        try
        {
            using var json = JsonDocument.Parse(message.Payload);
            if (json.RootElement.TryGetProperty("clientToken", out var token) && token.GetString() is { } marker
                && _shadowReplies.TryGetValue(marker, out var reply))
                reply.TrySetResult(message.Topic.EndsWith("/accepted", StringComparison.Ordinal) ? null : $"update/rejected {Excerpt(json.RootElement.GetRawText())}");
        }
        catch (JsonException)
        {
            // Not an answer to one of ours.
        }
        return Task.CompletedTask;
    }

    private static MqttApplicationMessage Message(string topic, string payload) => new MqttApplicationMessageBuilder()
        .WithTopic(topic)
        .WithPayload(payload)
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .Build();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Excerpt(string text) => text.Length > 200 ? text[..200] : text;

    public async ValueTask DisposeAsync() => await MqttConnect.CloseAsync(_mqtt);
}
