using System.Globalization;

namespace Gateway.LoadTest.Options;

/// <summary>
/// How the simulated devices are split over families, e.g. <c>drone=1,esp32=1,petal=1</c>:
/// weights, not counts, so the same mix scales to any --devices.
/// </summary>
public sealed record FamilyMix(IReadOnlyList<(string Kind, double Weight)> Weights)
{
    public static readonly string[] KnownKinds = ["drone", "esp32", "petal", "wardragon", "anc"];

    public static FamilyMix Parse(string text)
    {
        var weights = new List<(string, double)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            var kind = (eq < 0 ? part : part[..eq]).Trim();
            var weight = 1.0;
            if (eq >= 0 && (!double.TryParse(part[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out weight) || weight < 0))
                throw new ArgumentException($"--mix: '{part}' needs a weight of 0 or more, e.g. drone=2");
            if (!KnownKinds.Contains(kind))
                throw new ArgumentException($"--mix: unknown family '{kind}'; known: {string.Join(", ", KnownKinds)}");
            if (weights.Any(w => w.Item1 == kind))
                throw new ArgumentException($"--mix: '{kind}' is given twice");
            if (weight > 0)
                weights.Add((kind, weight));
        }
        if (weights.Count == 0)
            throw new ArgumentException("--mix names no family with a weight above 0");
        return new FamilyMix(weights);
    }

    /// <summary>
    /// Device counts per family that add up to <paramref name="devices"/>: each family gets the
    /// floor of its share, and the devices left over go to the largest remainders.
    /// </summary>
    public IReadOnlyList<(string Kind, int Count)> Split(int devices)
    {
        var total = Weights.Sum(w => w.Weight);
        var shares = Weights.Select(w => (w.Kind, Exact: devices * w.Weight / total)).ToList();
        var counts = shares.ToDictionary(s => s.Kind, s => (int)Math.Floor(s.Exact));
        var left = devices - counts.Values.Sum();
        foreach (var (kind, _) in shares.OrderByDescending(s => s.Exact - Math.Floor(s.Exact)).Take(left))
            counts[kind]++;
        return Weights.Select(w => (w.Kind, counts[w.Kind])).ToList();
    }

    public override string ToString() =>
        string.Join(',', Weights.Select(w => $"{w.Kind}={w.Weight.ToString(CultureInfo.InvariantCulture)}"));
}
