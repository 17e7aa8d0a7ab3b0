using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Host.Security;

/// <summary>
/// The HTTP API's keys (<c>--api-keys FILE</c>): one line per key, <c>name:role:sha256</c>, where
/// the hash is the SHA-256 of the key in hexadecimal; <c>#</c> starts a comment, blank lines are
/// skipped. The file never holds a key itself, so reading it (or a backup of it) gives no access;
/// a key is revoked by deleting its line. <c>Gateway.Host api-key FILE NAME ROLE</c> makes a key
/// and writes its line. A line that does not read stops the start with the file, line and reason.
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
            if (NameFault(name) is { } nameFault)
                throw new ArgumentException(Fault(nameFault));
            if (RoleFault(role) is { } roleFault)
                throw new ArgumentException(Fault(roleFault));
            if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit))
                throw new ArgumentException(Fault("the hash is not 64 hexadecimal digits (a SHA-256)"));
            if (!names.Add(name))
                throw new ArgumentException(Fault($"the name '{name}' is used twice"));
            if (!byHash.TryAdd(hash, new ApiKey(name, role)))
                throw new ArgumentException(Fault($"'{name}' has the same key as '{byHash[hash].Name}'"));
        }
        return new ApiKeyFile(byHash);
    }

    /// <summary>The file <c>gateway.security.api-keys</c> names, or null when it names none.</summary>
    public static ApiKeyFile? From(Akka.Configuration.Config config) =>
        config.GetString(Setting) is { Length: > 0 } path ? Load(path) : null;

    /// <summary>
    /// The key a client presented, or null. The lookup is by the key's hash, not by comparing keys:
    /// how long it takes depends on the presented key's hash, which tells an attacker nothing about
    /// the keys in the file (finding a key from a partly matching hash is finding a SHA-256 preimage),
    /// so no constant-time comparison is needed.
    /// </summary>
    public ApiKey? Find(string presented) => _byHash.GetValueOrDefault(Hash(presented));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>
    /// Makes a new random key (32 bytes, base64url) for <paramref name="name"/> with
    /// <paramref name="role"/>, writes the file with the name's line replaced or added, and returns
    /// the key, which is kept nowhere.
    /// </summary>
    public static string Issue(string path, string name, string role)
    {
        if (NameFault(name) is { } nameFault)
            throw new ArgumentException(nameFault);
        if (RoleFault(role) is { } roleFault)
            throw new ArgumentException(roleFault);
        var key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var kept = File.Exists(path) ? File.ReadAllLines(path).Where(l => !l.TrimStart().StartsWith($"{name}:", StringComparison.Ordinal)) : [];
        Write(path, [.. kept, $"{name}:{role}:{Hash(key)}"]);
        return key;
    }

    /// <summary>
    /// Writes a temporary file beside <paramref name="path"/> and renames it over it, so that a
    /// gateway starting meanwhile reads the old file or the new one, never half of one. A new file
    /// is readable by its owner only; a replaced one keeps the mode the operator gave it, as
    /// <c>Gateway.Host passwd</c> does.
    /// </summary>
    private static void Write(string path, IEnumerable<string> lines)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = File.Exists(full) ? File.GetUnixFileMode(full) : UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(string.Concat(lines.Select(l => l + "\n"))));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    // Names show in log lines and 403 answers, and must read back as written: no ':', '#', spaces or control characters.
    private static string? NameFault(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@')
            ? null
            : $"the name '{name}' is not one or more letters, digits, '.', '_', '-' or '@'";

    private static string? RoleFault(string role) =>
        ApiRoles.All.Contains(role) ? null : $"the role '{role}' is not one of {string.Join(", ", ApiRoles.All)}";
}
