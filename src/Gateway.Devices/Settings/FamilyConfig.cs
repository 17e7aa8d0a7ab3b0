using Akka.Configuration;

namespace Gateway.Devices.Settings;

/// <summary>A settings section as one family sees it: <c>gateway.families.{kind}.{section}</c> over <c>gateway.{section}</c>.</summary>
internal static class FamilyConfig
{
    public static Config For(Config config, string section, string kind)
    {
        var defaults = config.GetConfig($"gateway.{section}") ?? throw new ConfigurationException($"gateway.{section} is missing");
        var family = config.GetConfig($"gateway.families.{kind}.{section}");
        return family is null || family.IsEmpty ? defaults : family.WithFallback(defaults);
    }
}
