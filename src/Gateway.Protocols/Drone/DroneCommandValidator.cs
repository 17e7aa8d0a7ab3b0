using System.Text.Json;
using Gateway.Contracts.Messages;

namespace Gateway.Protocols.Drone;

/// <summary>
/// Validates SkyRescue commands: the document's LAUNCH schema (command, mission_id, destination
/// with numeric latitude and longitude), extended to each command's own fields and to ranges a
/// drone can fly to. Every bad field is named, not just the first.
/// </summary>
public static class DroneCommandValidator
{
    public const int MinAckTimeoutMs = 100;
    public const int MaxAckTimeoutMs = 600_000;

    public static CommandValidation Validate(ReadOnlySpan<byte> json)
    {
        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(json);
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            return CommandValidation.Invalid([new FieldError("$", $"not valid JSON: {e.Message}")]);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return CommandValidation.Invalid([new FieldError("$", "a command is a JSON object")]);

            var errors = new List<FieldError>();
            var command = RequiredString(root, "command", errors);
            if (command is not null && !DroneCommandNames.All.Contains(command))
                errors.Add(new FieldError("command", $"unknown command '{command}'; expected one of {string.Join(", ", DroneCommandNames.All.Order())}"));

            string? missionId = command is not null && DroneCommandNames.NeedMission.Contains(command)
                ? RequiredString(root, "mission_id", errors)
                : OptionalString(root, "mission_id", errors);
            OptionalTimestamp(root, "timestamp", errors);
            var requestedId = OptionalString(root, "command_id", errors);
            if (requestedId is not null && !CommandValidation.IsValidId(requestedId))
                errors.Add(new FieldError("command_id", CommandValidation.IdRule));
            var ackTimeout = OptionalAckTimeout(root, errors);

            switch (command)
            {
                case DroneCommandNames.Launch:
                    RequiredPosition(root, "destination", errors);
                    OptionalString(root, "priority", errors);
                    OptionalBool(root, "return_to_base", errors);
                    OptionalBool(root, "voice_ai_enabled", errors);
                    break;
                case DroneCommandNames.Abort:
                    OptionalString(root, "abort_mode", errors);
                    OptionalString(root, "reason", errors);
                    break;
                case DroneCommandNames.ReturnToBase:
                case DroneCommandNames.EmergencyLand:
                    OptionalString(root, "reason", errors);
                    break;
                case DroneCommandNames.UpdateRoute:
                    ValidateRoute(root, errors);
                    break;
                case DroneCommandNames.VoiceSpeak:
                    var text = RequiredString(root, "text", errors);
                    if (text is { Length: 0 })
                        errors.Add(new FieldError("text", "must not be empty"));
                    var language = OptionalString(root, "language", errors);
                    if (language is not null && !DroneCommandNames.Languages.Contains(language))
                        errors.Add(new FieldError("language", $"unsupported language '{language}'; expected one of {string.Join(", ", DroneCommandNames.Languages.Order())}"));
                    OptionalBool(root, "interrupt", errors);
                    break;
            }

            return errors.Count > 0
                ? CommandValidation.Invalid(errors)
                : new CommandValidation(command, missionId, ackTimeout, [], requestedId);
        }
    }

    private static void ValidateRoute(JsonElement root, List<FieldError> errors)
    {
        var hasDestination = root.TryGetProperty("destination", out _);
        var hasWaypoints = root.TryGetProperty("waypoints", out var waypoints);
        if (!hasDestination && !hasWaypoints)
        {
            errors.Add(new FieldError("destination", "UPDATE_ROUTE needs a destination or waypoints"));
            return;
        }
        if (hasDestination)
            RequiredPosition(root, "destination", errors);
        if (!hasWaypoints)
            return;
        if (waypoints.ValueKind != JsonValueKind.Array || waypoints.GetArrayLength() == 0)
        {
            errors.Add(new FieldError("waypoints", "must be a non-empty array of positions"));
            return;
        }
        var i = 0;
        foreach (var point in waypoints.EnumerateArray())
            Position(point, $"waypoints[{i++}]", errors);
    }

    private static void RequiredPosition(JsonElement root, string name, List<FieldError> errors)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            errors.Add(new FieldError(name, "is required"));
            return;
        }
        Position(value, name, errors);
    }

    private static void Position(JsonElement value, string path, List<FieldError> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(path, "must be an object with latitude and longitude"));
            return;
        }
        Coordinate(value, path, "latitude", 90, errors);
        Coordinate(value, path, "longitude", 180, errors);
        if (value.TryGetProperty("altitude", out var altitude) && altitude.ValueKind != JsonValueKind.Number)
            errors.Add(new FieldError($"{path}.altitude", "must be a number"));
    }

    private static void Coordinate(JsonElement position, string path, string name, double limit, List<FieldError> errors)
    {
        var field = $"{path}.{name}";
        if (!position.TryGetProperty(name, out var value))
            errors.Add(new FieldError(field, "is required"));
        else if (value.ValueKind != JsonValueKind.Number)
            errors.Add(new FieldError(field, "must be a number"));
        else if (value.GetDouble() is var degrees && (degrees < -limit || degrees > limit))
            errors.Add(new FieldError(field, $"must be between {-limit} and {limit}"));
    }

    private static int? OptionalAckTimeout(JsonElement root, List<FieldError> errors)
    {
        if (!root.TryGetProperty("expected_ack_timeout", out var value))
            return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var ms) || ms < MinAckTimeoutMs || ms > MaxAckTimeoutMs)
        {
            errors.Add(new FieldError("expected_ack_timeout", $"must be a whole number of milliseconds between {MinAckTimeoutMs} and {MaxAckTimeoutMs}"));
            return null;
        }
        return ms;
    }

    private static string? RequiredString(JsonElement root, string name, List<FieldError> errors)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            errors.Add(new FieldError(name, "is required"));
            return null;
        }
        return StringValue(value, name, errors);
    }

    private static string? OptionalString(JsonElement root, string name, List<FieldError> errors) =>
        root.TryGetProperty(name, out var value) ? StringValue(value, name, errors) : null;

    private static string? StringValue(JsonElement value, string name, List<FieldError> errors)
    {
        if (value.ValueKind == JsonValueKind.String)
            return value.GetString();
        errors.Add(new FieldError(name, "must be a string"));
        return null;
    }

    private static void OptionalBool(JsonElement root, string name, List<FieldError> errors)
    {
        if (root.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            errors.Add(new FieldError(name, "must be true or false"));
    }

    private static void OptionalTimestamp(JsonElement root, string name, List<FieldError> errors)
    {
        if (root.TryGetProperty(name, out var value) && (value.ValueKind != JsonValueKind.String || !value.TryGetDateTimeOffset(out _)))
            errors.Add(new FieldError(name, "must be an ISO 8601 time, e.g. 2025-12-01T14:23:15Z"));
    }
}
