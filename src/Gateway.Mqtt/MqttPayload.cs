using System.Buffers;
using System.Runtime.InteropServices;

namespace Gateway.Mqtt;

/// <summary>A received payload as an array, without a copy where MQTTnet allows it.</summary>
internal static class MqttPayload
{
    /// <summary>
    /// MQTTnet (5.2) decodes each received PUBLISH payload into an array of its own and never
    /// writes to it again (subscribers' queues share it too), so the device actor and the HTTP
    /// subscriptions can keep that array rather than a copy: one allocation of the payload's size
    /// saved per message. Anything else (a segment of a larger buffer, a multi-segment sequence) is copied.
    /// </summary>
    public static byte[] AsArray(in ReadOnlySequence<byte> payload)
    {
        if (payload.IsEmpty)
            return [];
        if (payload.IsSingleSegment && MemoryMarshal.TryGetArray(payload.First, out var segment)
            && segment is { Array: { } array, Offset: 0 } && segment.Count == array.Length)
            return array;
        return payload.ToArray();
    }

    /// <summary>A payload to publish, as the segment MQTTnet takes; copied only when it is not an array's.</summary>
    public static ArraySegment<byte> ToSegment(ReadOnlyMemory<byte> payload) =>
        MemoryMarshal.TryGetArray(payload, out var segment) ? segment : payload.ToArray();
}
