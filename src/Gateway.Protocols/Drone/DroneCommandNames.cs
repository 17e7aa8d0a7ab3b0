using System.Collections.Frozen;

namespace Gateway.Protocols.Drone;

/// <summary>The eight commands of the SkyRescue document, spelled as it spells them.</summary>
public static class DroneCommandNames
{
    public const string Launch = "LAUNCH";
    public const string Abort = "ABORT";
    public const string ReturnToBase = "RETURN_TO_BASE";
    public const string EmergencyLand = "EMERGENCY_LAND";
    public const string UpdateRoute = "UPDATE_ROUTE";
    public const string VoiceSpeak = "VOICE_SPEAK";
    public const string VoiceMute = "VOICE_MUTE";
    public const string VoiceUnmute = "VOICE_UNMUTE";

    public static readonly FrozenSet<string> All = FrozenSet.Create(
        Launch, Abort, ReturnToBase, EmergencyLand, UpdateRoute, VoiceSpeak, VoiceMute, VoiceUnmute);

    /// <summary>The transcript languages the document lists.</summary>
    public static readonly string[] Languages = ["en", "es", "zh", "yue", "tl", "vi", "ko", "ru", "ar", "fr"];

    /// <summary>The acknowledgement event for a command, by the document's LAUNCH_ACKNOWLEDGED convention.</summary>
    public const string AcknowledgedSuffix = "_ACKNOWLEDGED";
}
