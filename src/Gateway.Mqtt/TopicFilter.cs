using System.Text;

namespace Gateway.Mqtt;

/// <summary>
/// MQTT topic filters (MQTT 3.1.1 §4.7, unchanged in MQTT 5): validation and matching against
/// topic names. The broker matches its own subscribers; this is for the gateway's HTTP
/// subscriptions, which are matched in the gateway, so it follows the specification's rules exactly:
/// <c>+</c> is one whole level, <c>#</c> is the whole last level and also matches its parent
/// (<c>a/#</c> matches <c>a</c>), and a wildcard in the first level never matches a topic starting
/// with <c>$</c> (broker topics such as <c>$SYS/...</c>).
/// </summary>
public static class TopicFilter
{
    /// <summary>The longest topic or filter MQTT can carry: a UTF-8 string with a 16-bit length.</summary>
    public const int MaxBytes = 65535;

    /// <summary>Why <paramref name="filter"/> is not a valid MQTT topic filter, or null when it is.</summary>
    public static string? Validate(string filter)
    {
        if (filter.Length == 0)
            return "must not be empty";
        if (filter.Contains('\0'))
            return "must not contain the null character";
        if (Encoding.UTF8.GetByteCount(filter) > MaxBytes)
            return $"must be at most {MaxBytes} bytes of UTF-8";
        var levels = filter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level.Contains('#') && (level != "#" || i != levels.Length - 1))
                return "'#' must be the whole last level (as in 'a/b/#')";
            if (level.Contains('+') && level != "+")
                return "'+' must be a whole level (as in 'a/+/c')";
        }
        return null;
    }

    /// <summary>
    /// Whether <paramref name="topic"/> matches <paramref name="filter"/>; both must be valid
    /// (<see cref="Validate"/>, <see cref="TopicName.Validate"/>). Walks both strings once, without allocating.
    /// </summary>
    public static bool Matches(string filter, string topic)
    {
        if (topic.StartsWith('$') && filter.Length > 0 && filter[0] is '+' or '#')
            return false;
        int f = 0, t = 0;
        while (true)
        {
            // Here f and t are each at the start of a level.
            if (f < filter.Length && filter[f] == '#')
                return true;
            if (f < filter.Length && filter[f] == '+')
            {
                f++;
                while (t < topic.Length && topic[t] != '/')
                    t++;
            }
            else
            {
                for (; f < filter.Length && filter[f] != '/'; f++, t++)
                {
                    if (t == topic.Length || topic[t] != filter[f])
                        return false;
                }
                if (t < topic.Length && topic[t] != '/')
                    return false;
            }

            // Both levels ended: at the end of their string or at a '/'.
            var filterEnded = f == filter.Length;
            var topicEnded = t == topic.Length;
            if (filterEnded || topicEnded)
                return filterEnded == topicEnded
                    // The topic ended one level early: only a final "/#" still matches (its parent level).
                    || (topicEnded && f == filter.Length - 2 && filter[f + 1] == '#');
            f++;
            t++;
        }
    }
}
