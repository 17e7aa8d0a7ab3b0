using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gateway.Persistence;

/// <summary>Values written into HOCON text that the gateway builds from settings, command-line options and the environment.</summary>
public static class HoconText
{
    /// <summary>A HOCON quoted string: JSON's string syntax, which HOCON accepts; non-ASCII text is kept as it is.</summary>
    public static string Quote(string value) => $"\"{JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}\"";
}
