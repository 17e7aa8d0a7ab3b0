using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.LoadTest.Mqtt;
using MQTTnet;
using MQTTnet.Protocol;

namespace Gateway.CrashTest.Load;

/// <summary>
/// One device of one cycle on its own MQTT connection: until the kill (or its budget runs out) it
/// sends one request at a time after a random pause, chosen among what its family does: events,
/// HTTP commands that it then mostly acknowledges, AWS shadow updates, desired-state PUTs. Every
/// answer is written into the <see cref="Ledger"/> as it is read.
/// </summary>
public sealed class DeviceWorker : IAsyncDisposable
{
    // Longer than any answer of a live gateway; an update/accepted that does not come in time is
    // counted as unanswered, not as promised.
    private static readonly TimeSpan AcceptedDeadline = TimeSpan.FromSeconds(10);
    // Some commands stay unacknowledged, so checks also cover commands that are still pending or retried.
    private const double AcknowledgedShare = 0.7;

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

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested && Next() is { } request)
            {
                await Task.Delay(_random.Next((int)_pauseMax.TotalMilliseconds + 1), ct);
                await request(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The gateway was killed during a pause.
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

    /// <summary>POST a command; on its 202, mostly answer it as the device would, with the command id the gateway gave it.</summary>
    private async Task CommandAsync(string body, CheckKind ackKind, string ackTopic, Func<string, string> ack, CancellationToken ct)
    {
        _budget.TakeCommand();
        _ledger.Sent(CheckKinds.HttpCommand);
        string commandId;
        try
        {
            using var response = await _http.PostAsync($"{_device.ApiPath}/commands", Json(body), ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                _ledger.Refuse(CheckKinds.HttpCommand, _device, $"{(int)response.StatusCode} {Excerpt(text)}");
                return;
            }
            using var json = JsonDocument.Parse(text);
            commandId = json.RootElement.GetProperty("command_id").GetString()!;
            _ledger.Confirm(new Confirmation(CheckKinds.HttpCommand, _device, commandId, commandId));
        }
        catch (Exception e) when (LostAnswer.Is(e))
        {
            _ledger.Unanswered(CheckKinds.HttpCommand);
            return;
        }
        if (_random.NextDouble() >= AcknowledgedShare || !_budget.HasEvent)
            return;
        _budget.TakeEvent();
        await PublishAsync(ackKind, ackTopic, ack(commandId), commandId, commandId, ct);
    }

    private async Task PublishAsync(CheckKind kind, string topic, string payload, string marker, string? reference, CancellationToken ct)
    {
        _ledger.Sent(kind);
        try
        {
            var result = await _mqtt.PublishAsync(Message(topic, payload), ct);
            if (result.IsSuccess)
                _ledger.Confirm(new Confirmation(kind, _device, marker, reference));
            else
                _ledger.Refuse(kind, _device, $"PUBACK {result.ReasonCode} {result.ReasonString}");
        }
        catch (Exception e) when (LostAnswer.Is(e))
        {
            _ledger.Unanswered(kind);
        }
    }

    private async Task ShadowUpdateAsync(CancellationToken ct)
    {
        var n = _budget.TakeShadowUpdate();
        var key = $"r{n}";
        var marker = Marker('u', n);
        var reply = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _shadowReplies[marker] = reply;
        _ledger.Sent(CheckKinds.ShadowUpdate);
        try
        {
            var puback = await _mqtt.PublishAsync(Message($"$aws/things/{_device.Id}/shadow/update", Payloads.ShadowUpdate(key, marker)), ct);
            if (!puback.IsSuccess)
            {
                _ledger.Refuse(CheckKinds.ShadowUpdate, _device, $"PUBACK {puback.ReasonCode} {puback.ReasonString}");
                return;
            }
            if (await reply.Task.WaitAsync(AcceptedDeadline, ct) is { } refusal)
                _ledger.Refuse(CheckKinds.ShadowUpdate, _device, refusal);
            else
                _ledger.Confirm(new Confirmation(CheckKinds.ShadowUpdate, _device, marker, key));
        }
        catch (Exception e) when (LostAnswer.Is(e) || e is TimeoutException)
        {
            _ledger.Unanswered(CheckKinds.ShadowUpdate);
        }
        finally
        {
            _shadowReplies.TryRemove(marker, out _);
        }
    }

    private async Task DesiredAsync(CancellationToken ct)
    {
        var n = _budget.TakeDesiredPut();
        var key = $"d{n}";
        var marker = Marker('d', n);
        _ledger.Sent(CheckKinds.DesiredPut);
        try
        {
            using var response = await _http.PutAsync($"{_device.ApiPath}/shadow/desired", Json(Payloads.Desired(key, marker)), ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode == HttpStatusCode.OK)
                _ledger.Confirm(new Confirmation(CheckKinds.DesiredPut, _device, marker, key));
            else
                _ledger.Refuse(CheckKinds.DesiredPut, _device, $"{(int)response.StatusCode} {Excerpt(text)}");
        }
        catch (Exception e) when (LostAnswer.Is(e))
        {
            _ledger.Unanswered(CheckKinds.DesiredPut);
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
