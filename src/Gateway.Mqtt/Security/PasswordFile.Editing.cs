using System.Text;

namespace Gateway.Mqtt.Security;

/// <summary>
/// Adding, changing and deleting users, as <c>mosquitto_passwd</c> does: the other lines, comments
/// included, stay as they are and where they are.
/// </summary>
public sealed partial class PasswordFile
{
    /// <summary>
    /// Gives <paramref name="user"/> a new <c>$7$</c> hash of <paramref name="password"/>, on their
    /// line if they have one, on a new last line otherwise; creates the file (mode 0600) if it is
    /// missing. A file that does not read is left alone (<see cref="ArgumentException"/>).
    /// </summary>
    public static void SetUser(string path, string user, string password)
    {
        CheckUser(user);
        if (password.Length == 0)
            throw new ArgumentException("the password is empty");
        var lines = File.Exists(path) ? ReadLines(path) : [];
        var line = $"{user}:{PasswordHash.Create(password)}";
        if (Parse(path, lines).TryGetValue(user, out var entry))
            lines[entry.Index] = line;
        else
            lines.Add(line);
        Write(path, lines);
    }

    /// <summary>Removes <paramref name="user"/>'s line; false when they have none.</summary>
    public static bool DeleteUser(string path, string user)
    {
        var lines = ReadLines(path);
        if (!Parse(path, lines).TryGetValue(user, out var entry))
            return false;
        lines.RemoveAt(entry.Index);
        Write(path, lines);
        return true;
    }

    /// <summary>A name mosquitto would read back as written.</summary>
    private static void CheckUser(string user)
    {
        if (user.Length == 0)
            throw new ArgumentException("the user name is empty");
        if (user.Contains(':'))
            throw new ArgumentException("a user name must not contain ':', which ends it in the file");
        if (user.Any(char.IsControl))
            throw new ArgumentException("a user name must not contain control characters");
        // mosquitto trims blanks around the name and skips a line starting with '#'.
        if (user.Trim() != user)
            throw new ArgumentException("a user name must not start or end with a blank");
        if (user[0] == '#')
            throw new ArgumentException("a user name must not start with '#', which makes the line a comment");
    }

    /// <summary>
    /// Writes a temporary file beside <paramref name="path"/> and renames it over it, so the gateway
    /// (or mosquitto) reloading meanwhile reads the old file or the new one, never half of one. A new
    /// file is readable by its owner only; a replaced one keeps the mode the operator gave it (a
    /// broker reading through its group, say).
    /// </summary>
    private static void Write(string path, IReadOnlyList<string> lines)
    {
        var full = System.IO.Path.GetFullPath(path);
        var temp = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full)!, $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = File.Exists(full) ? File.GetUnixFileMode(full) : UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var stream = new FileStream(temp, options))
            {
                var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(string.Concat(lines.Select(l => l + "\n")));
                stream.Write(text);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
