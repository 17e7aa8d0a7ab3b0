using System.Text;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// Everything a child process printed, across its restarts, kept for failure messages: a failing
/// integration test is diagnosed from the gateway's own log or not at all.
/// </summary>
internal sealed class ProcessLog
{
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();

    public void Add(string stream, string line)
    {
        lock (_gate)
            _lines.Add($"[{stream}] {line}");
    }

    public void Mark(string note) => Add("test", note);

    public string Tail(int lines)
    {
        lock (_gate)
        {
            var skip = Math.Max(0, _lines.Count - lines);
            var text = new StringBuilder();
            if (skip > 0)
                text.AppendLine($"... {skip} earlier lines omitted ...");
            foreach (var line in _lines.Skip(skip))
                text.AppendLine(line);
            return text.ToString();
        }
    }

    public override string ToString() => Tail(int.MaxValue);
}
