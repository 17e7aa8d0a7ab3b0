using System.Globalization;

namespace Gateway.LoadTest.Options;

/// <summary>Durations on the command line: a number in the option's own unit, or with ms, s or m after it.</summary>
public static class Durations
{
    public static TimeSpan Parse(string option, string value, string bareUnit)
    {
        var text = value.Trim();
        var unit = bareUnit;
        foreach (var suffix in (string[])["ms", "s", "m"])
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal) && text.Length > suffix.Length && char.IsAsciiDigit(text[^(suffix.Length + 1)]))
            {
                unit = suffix;
                text = text[..^suffix.Length];
                break;
            }
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number < 0)
            throw new ArgumentException($"{option} must be a duration such as 20, 20s, 500ms or 1m, not '{value}'");
        return unit switch
        {
            "ms" => TimeSpan.FromMilliseconds(number),
            "m" => TimeSpan.FromMinutes(number),
            _ => TimeSpan.FromSeconds(number),
        };
    }

    /// <summary>The HOCON spelling of a duration: whole milliseconds.</summary>
    public static string Hocon(TimeSpan duration) => $"{(long)duration.TotalMilliseconds}ms";
}
