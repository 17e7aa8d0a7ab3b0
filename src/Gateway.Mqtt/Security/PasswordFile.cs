using Akka.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Mqtt.Security;

/// <summary>
/// MQTT users from a mosquitto password file (<c>gateway.security.password-file</c>): one
/// <c>user:HASH</c> line each (<see cref="PasswordHash"/>), blank lines and <c>#</c> comments
/// allowed, as mosquitto reads them, so an operator makes it with the <c>mosquitto_passwd</c> they
/// know or with <c>Gateway.Host passwd</c>. Unlike mosquitto, which drops a line it cannot read
/// with a notice, a bad line stops the load with its line number: a user who silently cannot log in
/// is harder to diagnose than a gateway that says why it will not start.
/// </summary>
/// <remarks>
/// The operator may edit the file while the gateway runs. A login checks, at most once a second,
/// whether its last-write time or length changed, and reads it again if so: no watcher thread or
/// inotify handle (which containers and network file systems do not always deliver), and a file
/// nobody logs in against costs nothing. A file that no longer reads keeps the previous users, and
/// the error is logged once per change.
/// </remarks>
public sealed partial class PasswordFile
{
    public const string Setting = "gateway.security.password-file";

    private const long ReloadCheckMilliseconds = 1000;

    private readonly ILogger _log;
    private readonly Lock _reloading = new();
    private Users _users;
    private FileStamp _stamp;
    private long _nextCheck;

    private PasswordFile(string path, Users users, FileStamp stamp, ILogger log)
    {
        Path = path;
        _users = users;
        _stamp = stamp;
        _log = log;
        _nextCheck = Environment.TickCount64 + ReloadCheckMilliseconds;
    }

    public string Path { get; }

    /// <summary>Users in the file as last read.</summary>
    public int Count => Volatile.Read(ref _users).ByName.Count;

    /// <summary>
    /// Reads <paramref name="path"/>; an <see cref="ArgumentException"/> names the file, and for a
    /// bad line its number and what is wrong with it (never the hash).
    /// </summary>
    public static PasswordFile Load(string path, ILogger? log = null)
    {
        var stamp = FileStamp.Of(path);
        return new PasswordFile(path, Read(path), stamp, log ?? NullLogger.Instance);
    }

    /// <summary>The file <c>gateway.security.password-file</c> names, or null when it names none.</summary>
    public static PasswordFile? From(Config config, ILogger? log = null)
    {
        var path = config.GetString(Setting, "");
        if (string.IsNullOrWhiteSpace(path))
            return null;
        try
        {
            return Load(path, log);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{e.Message} ({Setting}, --password-file, GATEWAY_PASSWORD_FILE)", e);
        }
    }

    /// <summary>Whether <paramref name="user"/> is in the file with this password; a client that sent no user name never is.</summary>
    public bool Verify(string? user, ReadOnlySpan<char> password)
    {
        var users = Current();
        PasswordHash? hash = null;
        var known = user is not null && users.ByName.TryGetValue(user, out hash);
        // An unknown user's password is still hashed, against a stranger's entry of the file's usual
        // kind and cost, and the answer thrown away: a login then takes as long whether or not the
        // user exists, so its timing cannot tell an attacker which user names are real.
        var matches = (hash ?? users.Stranger).Matches(password);
        return known && matches;
    }

    /// <summary>
    /// The hash <see cref="Verify"/> checks a password for <paramref name="user"/> against: the
    /// user's own, or for an unknown user one no password matches with the file's usual cost.
    /// </summary>
    public PasswordHash HashFor(string? user)
    {
        var users = Current();
        return user is not null && users.ByName.TryGetValue(user, out var hash) ? hash : users.Stranger;
    }

    private Users Current()
    {
        var now = Environment.TickCount64;
        var due = Interlocked.Read(ref _nextCheck);
        // One login a second looks at the file; the others, and a login while a reload runs, use what is loaded.
        if (now >= due && Interlocked.CompareExchange(ref _nextCheck, now + ReloadCheckMilliseconds, due) == due && _reloading.TryEnter())
        {
            try
            {
                ReloadIfChanged();
            }
            finally
            {
                _reloading.Exit();
            }
        }
        return Volatile.Read(ref _users);
    }

    private void ReloadIfChanged()
    {
        var stamp = FileStamp.Of(Path);
        if (stamp == _stamp)
            return;
        _stamp = stamp;
        try
        {
            var users = Read(Path);
            Volatile.Write(ref _users, users);
            _log.LogInformation("Password file {Path} changed: {Count} users", Path, users.ByName.Count);
        }
        catch (ArgumentException e)
        {
            _log.LogError("Password file {Path} changed but cannot be used, so the previous {Count} users stay: {Reason}",
                Path, Volatile.Read(ref _users).ByName.Count, e.Message);
        }
    }

    private static Users Read(string path)
    {
        var byName = Parse(path, ReadLines(path)).ToDictionary(e => e.Key, e => e.Value.Hash, StringComparer.Ordinal);
        return new Users(byName, StrangerFor(byName.Values));
    }

    /// <summary>The kind and cost most users' hashes have; mosquitto_passwd's default for an empty file.</summary>
    private static PasswordHash StrangerFor(IEnumerable<PasswordHash> hashes)
    {
        var usual = hashes.GroupBy(h => (h.Kind, h.Iterations)).MaxBy(g => g.Count())?.Key
            ?? (PasswordHashKind.Pbkdf2Sha512, PasswordHash.DefaultIterations);
        return PasswordHash.Stranger(usual.Kind, usual.Iterations);
    }

    private static List<string> ReadLines(string path)
    {
        try
        {
            return [.. File.ReadAllLines(path)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"password file {path} cannot be read: {e.Message}", e);
        }
    }

    /// <summary>Each user, with the index of their line; comments and blank lines are skipped.</summary>
    private static Dictionary<string, (int Index, PasswordHash Hash)> Parse(string path, IReadOnlyList<string> lines)
    {
        var users = new Dictionary<string, (int Index, PasswordHash Hash)>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            // mosquitto trims blanks around the user and the hash, and skips lines starting with '#'.
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            var colon = line.IndexOf(':');
            if (colon < 0)
                throw Bad(path, i, "no ':' between the user and the password hash");
            var user = line[..colon].TrimEnd();
            if (user.Length == 0)
                throw Bad(path, i, "the user is empty");
            if (users.TryGetValue(user, out var first))
                throw Bad(path, i, $"user '{user}' is already on line {first.Index + 1}");
            try
            {
                users.Add(user, (i, PasswordHash.Parse(line[(colon + 1)..].TrimStart())));
            }
            catch (FormatException e)
            {
                throw Bad(path, i, e.Message);
            }
        }
        return users;
    }

    private static ArgumentException Bad(string path, int index, string reason) =>
        new($"password file {path}, line {index + 1}: {reason}");

    private sealed record Users(IReadOnlyDictionary<string, PasswordHash> ByName, PasswordHash Stranger);

    /// <summary>What tells a changed file apart: an edit in place or a replacement by rename changes the time, and usually the length.</summary>
    private readonly record struct FileStamp(DateTime LastWriteUtc, long Length)
    {
        public static FileStamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(info.LastWriteTimeUtc, info.Length) : default;
        }
    }
}
