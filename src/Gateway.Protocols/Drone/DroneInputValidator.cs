using System.Text.Json;
using Gateway.Contracts;

namespace Gateway.Protocols.Drone;

/// <summary>
/// Checks drone payloads in one forward pass over the bytes, without a DOM: the payload is a JSON
/// object, the drone it names is the drone of its topic, and the fields the document defines
/// carry the types and values it gives them. Fields the document does not name pass through.
/// </summary>
public static class DroneInputValidator
{
    private static ReadOnlySpan<byte> DroneId => "drone_id"u8;
    private static ReadOnlySpan<byte> Battery => "battery"u8;
    private static ReadOnlySpan<byte> Location => "location"u8;
    private static ReadOnlySpan<byte> Status => "status"u8;
    private static ReadOnlySpan<byte> Event => "event"u8;
    private static ReadOnlySpan<byte> Text => "text"u8;
    private static ReadOnlySpan<byte> Speaker => "speaker"u8;
    private static ReadOnlySpan<byte> Latitude => "latitude"u8;
    private static ReadOnlySpan<byte> Longitude => "longitude"u8;

    public static string? Validate(string droneId, string channel, ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return "payload is not a JSON object";
            var sawEvent = false;
            var sawText = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string? error = null;
                if (reader.ValueTextEquals(DroneId))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals(droneId))
                        error = $"drone_id does not match the topic's drone '{droneId}'";
                }
                else if (reader.ValueTextEquals(Battery) && channel is DeviceChannel.Telemetry or DeviceChannel.Status)
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || reader.GetDouble() is < 0 or > 100)
                        error = "battery must be a number from 0 to 100";
                }
                else if (reader.ValueTextEquals(Location) && channel is DeviceChannel.Telemetry or DeviceChannel.Status)
                {
                    reader.Read();
                    error = ValidateLocation(ref reader);
                }
                else if (reader.ValueTextEquals(Status) && channel is DeviceChannel.Telemetry or DeviceChannel.Status)
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || !DroneStatusValues.IsKnown(ref reader))
                        error = $"status must be one of {DroneStatusValues.List}";
                }
                else if (reader.ValueTextEquals(Event) && channel == DeviceChannel.Events)
                {
                    reader.Read();
                    sawEvent = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0;
                    if (!sawEvent)
                        error = "event must be a non-empty string";
                }
                else if (reader.ValueTextEquals(Text) && channel == DeviceChannel.Transcript)
                {
                    reader.Read();
                    sawText = reader.TokenType == JsonTokenType.String;
                    if (!sawText)
                        error = "text must be a string";
                }
                else if (reader.ValueTextEquals(Speaker) && channel == DeviceChannel.Transcript)
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || !DroneStatusValues.IsSpeaker(ref reader))
                        error = $"speaker must be one of {DroneStatusValues.Speakers}";
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
                if (error is not null)
                    return error;
            }
            // Reading past the object proves there is nothing after it.
            if (reader.Read())
                return "payload has content after its JSON object";
            if (channel == DeviceChannel.Events && !sawEvent)
                return "event is required";
            if (channel == DeviceChannel.Transcript && !sawText)
                return "text is required";
            return null;
        }
        catch (JsonException e)
        {
            return $"payload is not valid JSON: {e.Message}";
        }
    }

    private static string? ValidateLocation(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            return "location must be an object";
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var limit = reader.ValueTextEquals(Latitude) ? 90 : reader.ValueTextEquals(Longitude) ? 180 : 0;
            reader.Read();
            if (limit == 0)
            {
                reader.Skip();
                continue;
            }
            if (reader.TokenType != JsonTokenType.Number || Math.Abs(reader.GetDouble()) > limit)
                return limit == 90 ? "location.latitude must be a number from -90 to 90" : "location.longitude must be a number from -180 to 180";
        }
        return null;
    }
}
