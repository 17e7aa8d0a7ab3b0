using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Event;
using CsCheck;
using Gateway.Contracts.Messages;
using Gateway.Devices.Settings;
using Gateway.Devices.State;
using Gateway.Protocols;
using Gateway.Protocols.Anc;
using Gateway.Protocols.FamilyState;
using Gateway.Protocols.Outbound;
using Gateway.Tests.Protocols;
using Xunit;

namespace Gateway.Tests.Families;

/// <summary>
/// The AWS IoT Device Shadow document rules of ANC things, for generated sequences of updates to
/// the classic shadow and a named one, decided by the device's state as the actor decides them,
/// against a reference shadow (<see cref="JsonReference"/>'s AWS merge and delta): an accepted
/// update moves the version by one, a null deletes its key, desired minus reported is the delta;
/// a request over the size limit (8 KiB) or the depth limit (6), with a clientToken over 64 bytes,
/// or with another version than the shadow's, is refused with AWS's code and message and changes
/// nothing; and the clientToken of a request that carries one is in every document answering it,
/// the error documents included (but for the refusal of the token itself).
/// </summary>
public sealed class AwsShadowRuleProperties
{
    private static readonly long Iterations = PropertyRuns.Iterations(1_000);
    private static readonly DateTimeOffset At = new(2025, 12, 1, 14, 23, 45, TimeSpan.Zero);
    private const string Thing = "anc-device-001";
    private const int MaxStateBytes = 8 * 1024, MaxDepth = 6, MaxTokenBytes = 64;

    private enum Fault { None, PayloadTooLarge, TokenTooLong, TooDeep, WrongVersion }

    private sealed record Request(bool Named, string? Desired, string? Reported, string? Token, Fault Fault, bool WithVersion, int Depth, bool Big);

    private static readonly Gen<string?> Section = Gen.Frequency(
        (2, Gen.Const((string?)null)),
        (6, WellFormedJson.Object(3).Select(s => (string?)s)),
        (1, Gen.Const<string?>("null")));

    private static readonly Gen<Request> Requests =
        Gen.Select(Gen.Bool, Section, Section, Gen.Frequency((2, Gen.Const((string?)null)), (3, Gen.OneOf<string?>("t-1", "é", "", "token-42", new string('k', MaxTokenBytes)))),
                Gen.Frequency((12, Gen.Const(Fault.None)), (1, Gen.Const(Fault.PayloadTooLarge)), (1, Gen.Const(Fault.TokenTooLong)), (1, Gen.Const(Fault.TooDeep)), (2, Gen.Const(Fault.WrongVersion))),
                Gen.Bool, Gen.Int[0, 6], Gen.Int[0, 4])
            .Select((named, desired, reported, token, fault, withVersion, depth, big) =>
                new Request(named, desired, reported ?? (desired is null ? "{}" : null), token, fault, withVersion, depth, big == 0));

    [Fact]
    public void Updates_follow_the_aws_shadow_document_rules()
    {
        Requests.Array[1, 10].Sample(requests =>
        {
            var state = NewState();
            var shadows = new Dictionary<bool, Model> { [false] = new(), [true] = new() };
            for (var i = 0; i < requests.Length; i++)
            {
                var request = requests[i];
                var model = shadows[request.Named];
                var at = At.AddSeconds(i);
                var (payload, stateNode) = Payload(request, model.Version);
                var root = request.Named ? AncTopics.ShadowRoot(Thing, "settings") : AncTopics.ShadowRoot(Thing, null);
                var step = state.Decide(new DeviceInput($"anc/{Thing}", AncTopics.ShadowUpdate, $"{root}/update", Encoding.UTF8.GetBytes(payload), at,
                    request.Named ? "settings" : null, AwaitsJournal: true));

                var expected = Expected(request, model, stateNode, payload);
                if (expected is { } refusal)
                {
                    Assert.Equal(InputOutcome.Rejected, step.Outcome);
                    Assert.Empty(step.Journal);
                    var body = Reply(step.Publish, $"{root}/update/rejected");
                    Assert.Equal(refusal.Code, body["code"]!.GetValue<int>());
                    Assert.Equal(refusal.Message, body["message"]!.GetValue<string>());
                    Assert.Equal(refusal.EchoesToken ? request.Token : null, body["clientToken"]?.GetValue<string>());
                    continue;
                }

                Assert.Equal(InputOutcome.JournalInOrder, step.Outcome);
                var published = state.Apply(Assert.IsType<FamilyStateRecorded>(Assert.Single(step.Journal)), live: true);
                model.Apply(stateNode);
                var accepted = Reply(published, $"{root}/update/accepted");
                Assert.Equal(model.Version, accepted["version"]!.GetValue<long>());
                Assert.True(JsonReference.Same(stateNode, accepted["state"]), $"accepted {accepted["state"]}, sent {stateNode.ToJsonString()}");
                Assert.Equal(request.Token, accepted["clientToken"]?.GetValue<string>());

                var documents = Reply(published, $"{root}/update/documents");
                var current = documents["current"]!;
                Assert.Equal(model.Version, current["version"]!.GetValue<long>());
                Assert.True(JsonReference.Same(model.Document(), current["state"]), $"current {current["state"]}, expected {model.Document().ToJsonString()}");
                Assert.Equal(request.Token, documents["clientToken"]?.GetValue<string>());

                var delta = published.SingleOrDefault(p => p.Topic == $"{root}/update/delta");
                var expectedDelta = model.Desired is null ? null : JsonReference.Difference(model.Desired, model.Reported);
                if (request.Desired is null || expectedDelta is not { Count: > 0 })
                    Assert.Null(delta);
                else
                {
                    var body = JsonNode.Parse(Assert.IsType<MqttPublish>(delta).Payload.Span)!;
                    Assert.True(JsonReference.Same(expectedDelta, body["state"]), $"delta {body["state"]}, expected {expectedDelta.ToJsonString()}");
                    Assert.Equal(model.Version, body["version"]!.GetValue<long>());
                    Assert.Equal(request.Token, body["clientToken"]?.GetValue<string>());
                }
            }
        }, iter: Iterations, print: requests => string.Join("\n", requests.Select(r => r.ToString())));
    }

    /// <summary>The refusal AWS documents for a request, in the order the gateway checks (only one fault is generated at a time, but for the size of the state).</summary>
    private static (int Code, string Message, bool EchoesToken)? Expected(Request request, Model model, JsonObject stateNode, string payload)
    {
        // A token is echoed by every refusal but its own: one over 64 bytes is not a token AWS takes.
        if (Encoding.UTF8.GetByteCount(payload) > MaxStateBytes)
            return (413, "The payload exceeds the maximum size allowed", request.Fault != Fault.TokenTooLong);
        switch (request.Fault)
        {
            case Fault.TokenTooLong:
                return (400, "Invalid clientToken", false);
            case Fault.TooDeep:
                return (400, $"JSON contains too many levels of nesting; maximum is {MaxDepth}", true);
            case Fault.WrongVersion:
                return (409, "Version conflict", true);
        }
        var trial = model.Clone();
        trial.Apply(stateNode);
        var size = (trial.Desired?.ToJsonString().Length ?? 0) + (trial.Reported?.ToJsonString().Length ?? 0);
        return size > MaxStateBytes ? (413, "The payload exceeds the maximum size allowed", true) : null;
    }

    /// <summary>The request's text and its state node.</summary>
    private static (string Payload, JsonObject State) Payload(Request request, long version)
    {
        var sections = new List<string>();
        if (request.Desired is { } desired)
            sections.Add($"\"desired\":{desired}");
        var reported = request.Reported;
        if (request.Fault == Fault.TooDeep || request.Depth >= 4)
        {
            // Levels of objects as AWS counts them: {"a":1} is one.
            var levels = request.Fault == Fault.TooDeep ? MaxDepth + 1 + request.Depth % 3 : request.Depth;
            reported = string.Concat(Enumerable.Repeat("{\"deep\":", levels - 1)) + "{\"a\":1}" + new string('}', levels - 1);
        }
        if (request.Big || request.Fault == Fault.PayloadTooLarge)
        {
            var pad = new string('p', request.Fault == Fault.PayloadTooLarge ? MaxStateBytes : 3_000);
            // Three fields of 3,000 bytes take a shadow past its 8 KiB: some sequences reach it.
            var name = $"pad{request.Depth % 3}";
            reported = reported is null or "null" or "{}" ? $"{{\"{name}\":\"{pad}\"}}" : $"{{\"{name}\":\"{pad}\",{reported[1..]}";
        }
        if (reported is not null)
            sections.Add($"\"reported\":{reported}");
        var members = new List<string> { $"\"state\":{{{string.Join(",", sections)}}}" };
        var token = request.Fault == Fault.TokenTooLong ? new string('t', MaxTokenBytes + 1) : request.Token;
        if (token is not null)
            members.Add($"\"clientToken\":{JsonSerializer.Serialize(token)}");
        if (request.Fault == Fault.WrongVersion)
            members.Add($"\"version\":{version + 1 + request.Depth % 2 * -2}");
        else if (request.WithVersion)
            members.Add($"\"version\":{version}");
        var payload = "{" + string.Join(",", members) + "}";
        return (payload, JsonNode.Parse(payload)!["state"]!.AsObject());
    }

    private static JsonNode Reply(IReadOnlyList<MqttPublish> published, string topic)
    {
        var reply = published.Where(p => p.Topic == topic).ToList();
        Assert.True(reply.Count == 1, $"{topic} in {string.Join(", ", published.Select(p => p.Topic))}");
        return JsonNode.Parse(reply[0].Payload.Span)!;
    }

    /// <summary>The reference shadow: AWS's merge of each section, and its version.</summary>
    private sealed class Model
    {
        public JsonObject? Desired { get; private set; }
        public JsonObject? Reported { get; private set; }
        public long Version { get; private set; }

        public void Apply(JsonObject state)
        {
            if (state.TryGetPropertyValue("desired", out var desired))
                Desired = Section(Desired, desired);
            if (state.TryGetPropertyValue("reported", out var reported))
                Reported = Section(Reported, reported);
            Version++;
        }

        // A section set to null is cleared; one merged down to nothing is absent.
        private static JsonObject? Section(JsonObject? current, JsonNode? patch) =>
            patch is null ? null : JsonReference.Merge(current, patch.AsObject()) is { Count: > 0 } merged ? merged : null;

        public JsonObject Document()
        {
            var document = new JsonObject();
            if (Desired is not null)
                document["desired"] = Desired.DeepClone();
            if (Reported is not null)
                document["reported"] = Reported.DeepClone();
            return document;
        }

        public Model Clone() => new() { Desired = (JsonObject?)Desired?.DeepClone(), Reported = (JsonObject?)Reported?.DeepClone(), Version = Version };
    }

    private static DeviceState NewState()
    {
        var config = TestConfig.Gateway;
        return new DeviceState($"anc/{Thing}", DeviceTopics.Profiles.Get("anc"), DeviceSettings.From(config), CommandSettings.For(config, "anc"),
            TelemetrySettings.For(config, "anc"), PayloadLimit.For(config, "anc"), NoLogger.Instance);
    }
}
