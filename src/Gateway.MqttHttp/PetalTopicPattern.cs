using Gateway.Mqtt;

namespace Gateway.MqttHttp;

/// <summary>
/// The topics <c>POST /mqtt/subscribe</c> and <c>GET /mqtt/stream</c> accept: an MQTT topic filter,
/// or a Petal App Manager pattern such as <c>org/*/device/*/telemetry</c>.
/// <para>
/// The rule: a level that is exactly <c>*</c> becomes <c>+</c> (one whole level), wherever it is,
/// the last level included (<c>test/*</c> is <c>test/+</c>: <c>test/a</c>, not <c>test/a/b</c>).
/// <c>+</c> and <c>#</c> keep their MQTT meaning; use <c>test/#</c> for any depth. A <c>*</c> inside
/// a level (<c>dev*</c>) is refused, because MQTT cannot match part of a level; so is any invalid filter.
/// Petal matches its patterns with Python's fnmatch, where a <c>*</c> may span levels; a filter
/// says the same thing without ambiguity, so one level per <c>*</c> is the rule here.
/// </para>
/// </summary>
public static class PetalTopicPattern
{
    /// <summary>The MQTT filter <paramref name="pattern"/> stands for, or the reason it stands for none.</summary>
    public static (string? Filter, string? Error) ToFilter(string pattern)
    {
        if (!pattern.Contains('*'))
            return TopicFilter.Validate(pattern) is { } invalid ? (null, invalid) : (pattern, null);
        var levels = pattern.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            if (levels[i] == "*")
                levels[i] = "+";
            else if (levels[i].Contains('*'))
                return (null, $"'*' must be a whole level (it stands for one level, like '+'); '{levels[i]}' is not");
        }
        var filter = string.Join('/', levels);
        return TopicFilter.Validate(filter) is { } error ? (null, error) : (filter, null);
    }
}
