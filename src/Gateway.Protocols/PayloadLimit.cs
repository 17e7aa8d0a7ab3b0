using Akka.Configuration;

namespace Gateway.Protocols;

/// <summary>
/// The largest payload a family takes on its topics: <c>gateway.families.{kind}.max-payload-bytes</c>,
/// else <c>gateway.devices.max-payload-bytes</c> (128 KiB, AWS IoT Core's message limit, which the ANC
/// and Petal documents cite). A larger one is refused the one way before anything reads it.
/// </summary>
public sealed record PayloadLimit(int MaxBytes, string Setting)
{
    public const string DefaultSetting = "gateway.devices.max-payload-bytes";

    public static PayloadLimit For(Config config, string kind)
    {
        var own = $"gateway.families.{kind}.max-payload-bytes";
        return Read(config, config.HasPath(own) ? own : DefaultSetting);
    }

    /// <summary>The largest limit of any family: the default, or a family's own where it is larger.</summary>
    public static PayloadLimit Largest(Config config)
    {
        var kinds = config.GetConfig("gateway.families")?.Root.GetObject().Items.Keys ?? Enumerable.Empty<string>();
        return kinds.Select(kind => For(config, kind)).Append(Read(config, DefaultSetting)).MaxBy(limit => limit.MaxBytes)!;
    }

    private static PayloadLimit Read(Config config, string setting)
    {
        var bytes = config.GetByteSize(setting) ?? throw new ConfigurationException($"{setting} is missing");
        if (bytes is < 1 or > int.MaxValue)
            throw new ConfigurationException($"{setting} must be from 1 byte to 2 GiB, not {bytes}");
        return new PayloadLimit((int)bytes, setting);
    }

    /// <summary>The reason a payload over its limit is refused, before the detail (<see cref="Excess"/>): also the counter's tag.</summary>
    public const string TooLarge = "payload too large";

    /// <summary>Null when a payload of <paramref name="length"/> bytes is within the limit, else by how much it is not, naming the setting.</summary>
    public string? Excess(int length) =>
        length <= MaxBytes ? null : $"{length} bytes, over the {MaxBytes}-byte limit ({Setting})";
}
