using System.Globalization;
using Gateway.Contracts.Messages;

namespace Gateway.Host.Api;

/// <summary>A whole-number query parameter (a page, a page size, a limit), read the same way by every endpoint.</summary>
internal static class QueryNumber
{
    /// <summary>
    /// <paramref name="text"/> as a number from <paramref name="min"/> to <paramref name="max"/>;
    /// <paramref name="absent"/> when not given, and also when it is wrong, which adds a field error naming it.
    /// </summary>
    public static int Read(string name, string? text, int absent, int min, int max, List<FieldError> errors)
    {
        if (text is null)
            return absent;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        errors.Add(new FieldError(name, max == int.MaxValue ? $"must be a whole number from {min}" : $"must be a whole number from {min} to {max}"));
        return absent;
    }
}
