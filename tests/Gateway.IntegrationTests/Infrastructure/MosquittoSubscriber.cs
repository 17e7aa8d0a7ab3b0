using System.Diagnostics;
using MQTTnet.Protocol;
using Xunit;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// A <c>mosquitto_sub</c> left running for the length of a test, the way a device owner watches a
/// device's command topic or an operator watches gateway/rejected/#. It is ready once a probe
/// published after it started has come back to it, so nothing published after
/// <see cref="StartAsync"/> returns can be missed.
/// </summary>
internal sealed class MosquittoSubscriber : IAsyncDisposable
{
    // Each message becomes one line, the payload in hex so that multi-line JSON cannot break it apart.
    private const string MessagePrefix = "MSG ";
    private const string Format = MessagePrefix + "%r %q %t %x";
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(200);

    private readonly Process _process;
    private readonly string _description;
    private readonly string _probeTopic = $"it-probe/{Guid.NewGuid():N}";
    private readonly MessageInbox _inbox = new();
    private readonly ProcessLog _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MosquittoSubscriber(Process process, string description)
    {
        _process = process;
        _description = description;
    }

    /// <summary>Subscribes at QoS 1 to every topic filter given and returns once the subscription is known to be in place.</summary>
    public static Task<MosquittoSubscriber> StartAsync(int port, params string[] topics) => StartAsync(port, null, [], topics);

    /// <summary>As <see cref="StartAsync(int, string[])"/>, with mosquitto_sub's <paramref name="extraArguments"/> too (<c>-V 5 -D connect ...</c>, say).</summary>
    public static Task<MosquittoSubscriber> StartAsync(int port, IReadOnlyList<string> extraArguments, params string[] topics) =>
        StartAsync(port, null, extraArguments, topics);

    /// <summary>As <see cref="StartAsync(int, string[])"/>, as a board with a persistent session (<see cref="StartAsync(int, string?, IReadOnlyList{string}, string[])"/>).</summary>
    public static Task<MosquittoSubscriber> StartPersistentAsync(int port, string clientId, params string[] topics) => StartAsync(port, clientId, [], topics);

    /// <summary>
    /// As <see cref="StartAsync(int, string[])"/>, as client <paramref name="clientId"/> with a
    /// persistent session (<c>-c -i</c>, MQTT 3.1.1) when one is given; disposing it then is the
    /// connection loss a board on a bad network has (SIGKILL: no DISCONNECT).
    /// </summary>
    private static async Task<MosquittoSubscriber> StartAsync(int port, string? clientId, IReadOnlyList<string> extraArguments, string[] topics)
    {
        var start = new ProcessStartInfo(RequiredTool.Find("mosquitto_sub", Mosquitto.Install))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var subscriber = new MosquittoSubscriber(new Process { StartInfo = start, EnableRaisingEvents = true }, $"mosquitto_sub on {string.Join(", ", topics)}");
        // mosquitto_sub says nothing when its SUBACK arrives (and with -d, says it into a buffer
        // that is flushed only with the next message), so readiness is shown by a message of its
        // own: a probe topic subscribed in the same SUBSCRIBE as the topics under test.
        List<string> arguments = ["-h", "127.0.0.1", "-p", port.ToString(), "-q", "1", "-F", Format, "-t", subscriber._probeTopic];
        if (clientId is not null)
            arguments.AddRange(["-c", "-i", clientId]);
        arguments.AddRange(extraArguments);
        foreach (var topic in topics)
            arguments.AddRange(["-t", topic]);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        subscriber._process.OutputDataReceived += (_, e) => subscriber.OnLine("out", e.Data);
        subscriber._process.ErrorDataReceived += (_, e) => subscriber.OnLine("err", e.Data);
        subscriber._process.Exited += (_, _) => subscriber._ready.TrySetException(
            new Xunit.Sdk.XunitException($"{subscriber._description} exited before it was subscribed:\n{subscriber._output}"));
        subscriber._process.Start();
        subscriber._process.BeginOutputReadLine();
        subscriber._process.BeginErrorReadLine();
        try
        {
            await subscriber.ProbeAsync(port);
        }
        catch
        {
            await subscriber.DisposeAsync();
            throw;
        }
        return subscriber;
    }

    private async Task ProbeAsync(int port)
    {
        await using var prober = await MqttTestClient.ConnectAsync(port);
        var clock = Stopwatch.StartNew();
        while (!_ready.Task.IsCompleted)
        {
            if (clock.Elapsed > ReadyDeadline)
                Assert.Fail($"{_description} was not subscribed within {ReadyDeadline.TotalSeconds} s:\n{_output}");
            await prober.PublishAsync(_probeTopic, "probe");
            await Task.WhenAny(_ready.Task, Task.Delay(ProbeInterval));
        }
        await _ready.Task; // surfaces an early exit
    }

    public IReadOnlyList<ReceivedMessage> Received => _inbox.Received;

    public async Task<ReceivedMessage> WaitForAsync(Func<ReceivedMessage, bool> match, string expectation, TimeSpan? deadline = null) =>
        (await WaitForCountAsync(match, 1, expectation, deadline))[0];

    public Task<IReadOnlyList<ReceivedMessage>> WaitForCountAsync(Func<ReceivedMessage, bool> match, int count, string expectation, TimeSpan? deadline = null) =>
        _inbox.WaitForCountAsync(match, count, $"{expectation} ({_description})", deadline ?? Eventually.DefaultDeadline, () => $"{_description} printed:\n{_output.Tail(50)}");

    private void OnLine(string stream, string? line)
    {
        if (line is null)
            return;
        _output.Add(stream, line);
        if (!line.StartsWith(MessagePrefix, StringComparison.Ordinal) || Parse(line[MessagePrefix.Length..]) is not { } message)
            return;
        if (message.Topic == _probeTopic)
            _ready.TrySetResult();
        else
            _inbox.Add(message);
    }

    /// <summary>"{retain} {qos} {topic} {hex payload}"; the payload is empty (and so is its field) for an empty message.</summary>
    private static ReceivedMessage? Parse(string line)
    {
        var parts = line.Split(' ', 3);
        if (parts.Length < 3)
            return null;
        var lastSpace = parts[2].LastIndexOf(' ');
        if (lastSpace < 0)
            return null;
        var topic = parts[2][..lastSpace];
        var payload = Convert.FromHexString(parts[2][(lastSpace + 1)..]);
        return new ReceivedMessage(topic, payload, parts[0] == "1", (MqttQualityOfServiceLevel)int.Parse(parts[1]), 0);
    }

    public async ValueTask DisposeAsync()
    {
        // mosquitto_sub runs until it is stopped; this one was started here and is stopped by its own handle.
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
