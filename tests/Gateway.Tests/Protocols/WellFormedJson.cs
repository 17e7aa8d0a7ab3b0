using System.Globalization;
using CsCheck;

namespace Gateway.Tests.Protocols;

/// <summary>
/// Well-formed JSON for the properties that compare the gateway with a reference (the shadow
/// merge, AWS shadow documents, serializer round trips), unlike <see cref="JsonGen"/>'s hostile
/// text: compact, no duplicate names, from few names and values so that updates overwrite,
/// delete and repeat one another; numbers written several ways (<c>1</c>, <c>1.0</c>, <c>1e0</c>).
/// </summary>
public static class WellFormedJson
{
    /// <summary>Few names, so that documents overlap; some from the seed documents, one that is escaped.</summary>
    public static readonly Gen<string> Name = Gen.Frequency(
        (6, Gen.OneOf("a", "b", "c", "mode")),
        (3, Gen.OneOf(JsonGen.Names)),
        (1, Gen.OneOf("é", "x y", "\\u0061")));

    public static readonly Gen<string> Number = Gen.Frequency(
        (4, Gen.Int[-3, 3].Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.OneOf("1.0", "1e0", "10E-1", "-0", "0.5", "2.50")),
        (2, Gen.Double[-1000, 1000].Select(d => d.ToString("R", CultureInfo.InvariantCulture))),
        (1, Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture))));

    public static readonly Gen<string> String = Gen.Frequency(
        (4, Gen.OneOf("\"on\"", "\"off\"", "\"READY\"", "\"\"", "\"é中𝄞\"", "\"a\\\"b\"", "\"\\u00e9\"")),
        (1, Gen.Char['a', 'z'].Array[0, 12].Select(c => $"\"{new string(c)}\"")));

    public static readonly Gen<string> Scalar = Gen.Frequency(
        (4, Number),
        (3, String),
        (1, Gen.OneOf("true", "false")),
        (1, Gen.Const("null")));

    /// <summary>Any value up to <paramref name="depth"/> levels of objects and arrays.</summary>
    public static Gen<string> Value(int depth) => depth <= 0
        ? Scalar
        : Gen.Frequency(
            (5, Scalar),
            (2, Object(depth - 1)),
            (1, Value(depth - 1).Array[0, 3].Select(items => $"[{string.Join(",", items)}]")));

    /// <summary>An object whose members are values up to <paramref name="depth"/> deep (nulls among them).</summary>
    public static Gen<string> Object(int depth) => Members(Value(depth), 0, 5).Select(Text);

    /// <summary>Members with distinct names, in order.</summary>
    public static Gen<(string Name, string Value)[]> Members(Gen<string> value, int min, int max) =>
        Gen.Select(Name, value).Array[min, max].Select(members => members.DistinctBy(m => Unescaped(m.Item1)).ToArray());

    public static string Text((string Name, string Value)[] members) =>
        "{" + string.Join(",", members.Select(m => $"\"{m.Name}\":{m.Value}")) + "}";

    /// <summary>The one name an escaped name stands for, so that no two members of an object mean the same name.</summary>
    public static string Unescaped(string name) => name == "\\u0061" ? "a" : name;
}
