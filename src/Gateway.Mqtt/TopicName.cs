using System.Text;

namespace Gateway.Mqtt;

/// <summary>MQTT topic names, the topics messages are published on (MQTT 3.1.1 §4.7.3).</summary>
public static class TopicName
{
    /// <summary>Why <paramref name="topic"/> cannot be published on, or null when it can.</summary>
    public static string? Validate(string topic)
    {
        if (topic.Length == 0)
            return "must not be empty";
        if (topic.AsSpan().ContainsAny('+', '#'))
            return "must not contain the wildcards '+' or '#': a message is published on one topic";
        if (topic.Contains('\0'))
            return "must not contain the null character";
        if (Encoding.UTF8.GetByteCount(topic) > TopicFilter.MaxBytes)
            return $"must be at most {TopicFilter.MaxBytes} bytes of UTF-8";
        return null;
    }
}
