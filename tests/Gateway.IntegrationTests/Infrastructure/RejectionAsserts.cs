using System.Text.Json;
using Xunit;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// The gateway's one way to reject, seen from outside: a message on gateway/rejected/{kind}
/// naming the reason, the original topic and the device, and the same reason and topic in the
/// device's view.
/// </summary>
public static class RejectionAsserts
{
    /// <summary>Checks the gateway/rejected/{kind} message and returns its reason.</summary>
    public static string AssertAnnounced(ReceivedMessage message, string kind, string topic, string? entityId, string reasonMentions)
    {
        var rejection = message.Json();
        Assert.Equal(kind, rejection.StringAt("kind"));
        Assert.Equal(topic, rejection.StringAt("topic"));
        if (entityId is null)
            Assert.Equal(JsonValueKind.Null, rejection.At("device").ValueKind);
        else
            Assert.Equal(entityId, rejection.StringAt("device"));
        var reason = rejection.StringAt("reason") ?? "";
        Assert.Contains(reasonMentions, reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(JsonValueKind.String, rejection.At("at").ValueKind);
        return reason;
    }

    /// <summary>The device view lists the rejection with the same reason and topic.</summary>
    public static void AssertListed(JsonElement view, string topic, string reason) =>
        Assert.True(view.At("recent_rejections").EnumerateArray().Any(r => r.StringAt("topic") == topic && r.StringAt("reason") == reason),
            $"recent_rejections does not list '{reason}' on {topic}: {view.At("recent_rejections")}");
}
