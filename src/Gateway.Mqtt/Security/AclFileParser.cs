namespace Gateway.Mqtt.Security;

/// <summary>
/// Reads mosquitto's acl_file format (mosquitto.conf(5), "acl_file"; mosquitto 2.0's
/// <c>aclfile__parse</c>), so one file serves the embedded broker and a mosquitto in front of an
/// external-broker gateway. Where mosquitto would quietly read a slip as something else, this
/// refuses it with the line's number instead: a policy that means something other than it says
/// is worse than one that does not load.
/// </summary>
internal static class AclFileParser
{
    public static AclFile Parse(string text, string source)
    {
        var name = Path.GetFileName(source);
        var anonymous = new List<AclRule>();
        var users = new Dictionary<string, List<AclRule>>(StringComparer.Ordinal);
        var patterns = new List<AclRule>();
        List<AclRule> current = anonymous;

        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            // mosquitto trims trailing white space (the '\r' of a CRLF file too) and nothing else.
            var line = lines[i].TrimEnd();
            if (line.Length == 0 || line[0] == '#')
                continue;
            var body = line.TrimStart(' ');
            if (body.Length == 0)
                continue;
            if (body[0] == '#')
                throw Error(source, number, "a comment's '#' must be the first character of the line (mosquitto reads an indented one as a rule)");
            if (body.Contains('\t'))
                throw Error(source, number, "separate words with spaces: mosquitto does not read a tab as a separator");

            var keywordEnd = body.IndexOf(' ');
            var keyword = keywordEnd < 0 ? body : body[..keywordEnd];
            var rest = keywordEnd < 0 ? "" : body[(keywordEnd + 1)..].Trim(' ');
            switch (keyword)
            {
                case "user":
                    if (rest.Length == 0)
                        throw Error(source, number, "'user' needs the user name (the identity: a certificate's CN or an MQTT user name)");
                    if (!users.TryGetValue(rest, out var section))
                        users[rest] = section = [];
                    current = section;
                    break;
                case "topic":
                case "pattern":
                    var pattern = keyword == "pattern";
                    var rule = ParseRule(source, name, number, line, pattern, rest);
                    (pattern ? patterns : current).Add(rule);
                    break;
                default:
                    throw Error(source, number, $"unknown keyword '{keyword}': a line is 'user NAME', 'topic [read|write|readwrite|deny] FILTER', 'pattern [read|write|readwrite|deny] FILTER' or a '#' comment");
            }
        }

        return new AclFile(DenyFirst(anonymous), users.ToDictionary(u => u.Key, u => DenyFirst(u.Value), StringComparer.Ordinal), DenyFirst(patterns));
    }

    private static AclRule ParseRule(string source, string name, int number, string line, bool pattern, string rest)
    {
        var keyword = pattern ? "pattern" : "topic";
        if (rest.Length == 0)
            throw Error(source, number, $"'{keyword}' needs a topic filter");
        var space = rest.IndexOf(' ');
        var first = space < 0 ? rest : rest[..space];
        AclAccess access;
        string filter;
        if (space < 0)
        {
            // One word is the filter with read and write, as in mosquitto, unless it is an access
            // word: mosquitto would grant readwrite on a topic named "read", surely not what was meant.
            if (ParseAccess(first) is not null)
                throw Error(source, number, $"'{keyword} {first}' has no topic filter after the access word");
            access = AclAccess.ReadWrite;
            filter = first;
        }
        else
        {
            // The rest of the line is the filter, spaces and all (mosquitto: "unless <topic> includes a space character").
            access = ParseAccess(first)
                ?? throw Error(source, number, $"unknown access '{first}': it is read, write, readwrite or deny (or left out for readwrite)");
            filter = rest[(space + 1)..].Trim(' ');
        }

        if (TopicFilter.Validate(filter) is { } invalid)
            throw Error(source, number, $"'{filter}' is not a valid topic filter: it {invalid}");
        foreach (var level in filter.Split('/'))
        {
            var substitutes = level.Contains("%u", StringComparison.Ordinal) || level.Contains("%c", StringComparison.Ordinal);
            if (!substitutes)
                continue;
            if (!pattern)
                throw Error(source, number, $"'{level}': %u and %c are replaced only in 'pattern' lines; in a 'topic' line they would be literal text");
            if (level is not ("%u" or "%c"))
                throw Error(source, number, $"'{level}': %u or %c must be the whole level (mosquitto.conf(5): \"the only text for that level of hierarchy\")");
        }
        return new AclRule(access, filter, pattern, $"{name}:{number}", line.Trim(' '));
    }

    private static AclAccess? ParseAccess(string word) => word switch
    {
        "read" => AclAccess.Read,
        "write" => AclAccess.Write,
        "readwrite" => AclAccess.ReadWrite,
        "deny" => AclAccess.Deny,
        _ => null,
    };

    private static AclRule[] DenyFirst(List<AclRule> rules) => [.. rules.Where(r => r.IsDeny), .. rules.Where(r => !r.IsDeny)];

    private static ArgumentException Error(string source, int line, string reason) => new($"{source}, line {line}: {reason}");
}
