using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Tests.Protocols;

/// <summary>
/// The reference the shadow properties compare the gateway with, written without the gateway's
/// code or System.Text.Json's DeepEquals: JSON values are the same when objects have the same
/// names with the same values (in any order), arrays the same values in order, numbers the same
/// decimal value (<c>1</c>, <c>1.0</c> and <c>1e0</c> alike) and strings the same characters.
/// </summary>
public static class JsonReference
{
    public static bool Same(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JsonObject x, JsonObject y) => x.Count == y.Count && x.All(m => y.TryGetPropertyValue(m.Key, out var other) && Same(m.Value, other)),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(p => Same(p.Item1, p.Item2)),
        (JsonValue x, JsonValue y) => SameScalar(x, y),
        _ => false,
    };

    private static bool SameScalar(JsonValue a, JsonValue b)
    {
        var (ka, kb) = (a.GetValueKind(), b.GetValueKind());
        if (ka != kb)
            return false;
        return ka switch
        {
            JsonValueKind.Number => Exact(a.ToJsonString()) == Exact(b.ToJsonString()),
            JsonValueKind.String => a.GetValue<string>() == b.GetValue<string>(),
            _ => true, // true, false
        };
    }

    /// <summary>A number's exact value as significant digits and a power of ten (<c>-0</c> is <c>0</c>): no double or decimal to round it.</summary>
    private static string Exact(string number)
    {
        var negative = number.StartsWith('-');
        var body = negative ? number[1..] : number;
        var e = body.IndexOfAny(['e', 'E']);
        var exponent = e < 0 ? 0 : long.Parse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? body : body[..e];
        var point = mantissa.IndexOf('.');
        if (point >= 0)
        {
            exponent -= mantissa.Length - point - 1;
            mantissa = mantissa.Remove(point, 1);
        }
        mantissa = mantissa.TrimStart('0');
        if (mantissa.Length == 0)
            return "0";
        var trimmed = mantissa.TrimEnd('0');
        exponent += mantissa.Length - trimmed.Length;
        return string.Create(CultureInfo.InvariantCulture, $"{(negative ? "-" : "")}{trimmed}e{exponent}");
    }

    /// <summary>The same values, each side read from text.</summary>
    public static bool Same(string a, string b) => Same(JsonNode.Parse(a), JsonNode.Parse(b));

    /// <summary>
    /// The AWS merge: a patch's objects merge name by name, a null removes its name, anything else
    /// (arrays too) replaces the old value; an object left empty is removed.
    /// </summary>
    public static JsonObject Merge(JsonObject? target, JsonObject patch)
    {
        var result = target is null ? new JsonObject() : (JsonObject)target.DeepClone();
        foreach (var (name, value) in patch)
        {
            if (value is null)
                result.Remove(name);
            else if (value is JsonObject inner)
            {
                var merged = Merge(result[name] as JsonObject, inner);
                if (merged.Count == 0)
                    result.Remove(name);
                else
                    result[name] = merged;
            }
            else
                result[name] = value.DeepClone();
        }
        return result;
    }

    /// <summary>The AWS delta: what desired says that reported does not, recursively through objects both have.</summary>
    public static JsonObject Difference(JsonObject desired, JsonObject? reported)
    {
        var delta = new JsonObject();
        foreach (var (name, value) in desired)
        {
            var current = reported?[name];
            if (value is JsonObject d && current is JsonObject r)
            {
                if (Difference(d, r) is { Count: > 0 } inner)
                    delta[name] = inner;
            }
            else if (!Same(value, current))
                delta[name] = value?.DeepClone();
        }
        return delta;
    }
}
