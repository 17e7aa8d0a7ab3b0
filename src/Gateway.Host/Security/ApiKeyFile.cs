using System.Security.Cryptography;
using System.Text;

namespace Gateway.Host.Security;

/// <summary>
/// The HTTP API's keys (<c>--api-keys FILE</c>): one line per key, <c>name:role:sha256</c>, where
/// the hash is the SHA-256 of the key in lowercase hex. The file never holds a key itself, so
/// reading it (or a backup of it) gives no access; a key is revoked by deleting its line.
/// <c>Gateway.Host api-key FILE NAME ROLE</c> makes a key and writes its line.
/// </summary>
public sealed class ApiKeyFile
{
    public const string Setting = "gateway.security.api-keys";

    private readonly Dictionary<string, ApiKey> _byHash;

    private ApiKeyFile(Dictionary<string, ApiKey> byHash) => _byHash = byHash;

    public int Count => _byHash.Count;

    public static ApiKeyFile Load(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"the API key file '{path}' cannot be read: {e.Message} ({Setting}, --api-keys, GATEWAY_API_KEYS)");
        }
        var byHash = new Dictionary<string, ApiKey>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            string Fault(string why) => $"the API key file '{path}', line {i + 1}: {why}; a line is name:role:sha256 (Gateway.Host api-key writes them)";
            var parts = line.Split(':');
            if (parts.Length != 3)
                throw new ArgumentException(Fault("it does not have three ':'-separated fields"));
            var (name, role, hash) = (parts[0], parts[1], parts[2].ToLowerInvariant());
            if (name.Length == 0)
                throw new ArgumentException(Fault("the name is empty"));
            if (!ApiRoles.All.Contains(role))
                throw new ArgumentException(Fault($"the role '{role}' is not one of {string.Join(", ", ApiRoles.All)}"));
            if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit))
                throw new ArgumentException(Fault("the hash is not 64 hexadecimal digits"));
            if (!names.Add(name))
                throw new ArgumentException(Fault($"the name '{name}' is used twice"));
            if (!byHash.TryAdd(hash, new ApiKey(name, role)))
                throw new ArgumentException(Fault("the same key is listed twice"));
        }
        return new ApiKeyFile(byHash);
    }

    /// <summary>The file <c>gateway.security.api-keys</c> names, or null when it names none.</summary>
    public static ApiKeyFile? From(Akka.Configuration.Config config) =>
        config.GetString(Setting) is { Length: > 0 } path ? Load(path) : null;

    /// <summary>The key a client presented, or null. The lookup is by the key's hash, which says nothing about other keys.</summary>
    public ApiKey? Find(string presented) => _byHash.GetValueOrDefault(Hash(presented));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>
    /// Makes a new random key for <paramref name="name"/> with <paramref name="role"/>, replacing the
    /// name's line if it has one (a new file is made readable by its owner only), and returns the key.
    /// </summary>
    public static string Issue(string path, string name, string role)
    {
        if (name.Length == 0 || name.Contains(':') || name.Contains('\n'))
            throw new ArgumentException($"the key name '{name}' must be non-empty, without ':'");
        if (!ApiRoles.All.Contains(role))
            throw new ArgumentException($"the role must be one of {string.Join(", ", ApiRoles.All)}, not '{role}'");
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var kept = File.Exists(path) ? File.ReadAllLines(path).Where(l => !l.StartsWith($"{name}:", StringComparison.Ordinal)) : [];
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(temporary, options))
        using (var writer = new StreamWriter(file))
        {
            foreach (var line in kept)
                writer.WriteLine(line);
            writer.WriteLine($"{name}:{role}:{Hash(key)}");
        }
        File.Move(temporary, path, overwrite: true);
        return key;
    }
}

/// <summary>A key's name (what logs show) and role.</summary>
public sealed record ApiKey(string Name, string Role);
