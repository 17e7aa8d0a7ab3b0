using MQTTnet.Exceptions;

namespace Gateway.CrashTest.Load;

/// <summary>The ways a request ends without an answer when the gateway dies under it.</summary>
public static class LostAnswer
{
    public static bool Is(Exception e) =>
        e is OperationCanceledException or HttpRequestException or IOException or MqttCommunicationException or ObjectDisposedException;
}
