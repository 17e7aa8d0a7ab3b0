using System.IO.Pipelines;

namespace Gateway.Mqtt.Listeners;

/// <summary>A connection's transport with its input replaced.</summary>
internal sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;
}
