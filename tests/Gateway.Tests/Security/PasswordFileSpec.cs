using System.Runtime.Versioning;
using Akka.Configuration;
using Gateway.Mqtt.Security;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Gateway.Tests.Security;

/// <summary>
/// A mosquitto password file as the gateway reads and writes it: who logs in, what a bad line says,
/// how an edit keeps the rest of the file, and what happens when the operator edits it while the
/// gateway runs.
/// </summary>
public sealed class PasswordFileSpec : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gateway-passwd-").FullName;

    private string FilePath => Path.Combine(_dir, "passwd");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_user_set_with_SetUser_logs_in_with_that_password_only()
    {
        PasswordFile.SetUser(FilePath, "alice", "secret");

        var file = PasswordFile.Load(FilePath);

        Assert.Equal(1, file.Count);
        Assert.True(file.Verify("alice", "secret"));
        Assert.False(file.Verify("alice", "Secret"));
        Assert.False(file.Verify("alice", ""));
        Assert.False(file.Verify("Alice", "secret"));
        Assert.False(file.Verify("bob", "secret"));
    }

    [Fact]
    public void SetUser_writes_mosquitto_passwd_s_default_format()
    {
        PasswordFile.SetUser(FilePath, "alice", "secret");

        Assert.Matches(@"^alice:\$7\$101\$[A-Za-z0-9+/]{16}\$[A-Za-z0-9+/]{86}==\n$", File.ReadAllText(FilePath));
    }

    [Fact]
    public void SetUser_changes_a_users_own_line_and_keeps_every_other_line_where_it_was()
    {
        var bob = $"bob:{PasswordHash.Create("bobs")}";
        File.WriteAllLines(FilePath, ["# gateway users", "", "alice:" + PasswordHash.Create("old"), bob]);

        PasswordFile.SetUser(FilePath, "alice", "new");

        var lines = File.ReadAllLines(FilePath);
        Assert.Equal(4, lines.Length);
        Assert.Equal(["# gateway users", ""], lines[..2]);
        Assert.StartsWith("alice:$7$101$", lines[2]);
        Assert.Equal(bob, lines[3]);
        var file = PasswordFile.Load(FilePath);
        Assert.True(file.Verify("alice", "new"));
        Assert.False(file.Verify("alice", "old"));
        Assert.True(file.Verify("bob", "bobs"));
    }

    [Fact]
    public void SetUser_adds_a_new_user_as_the_last_line()
    {
        PasswordFile.SetUser(FilePath, "alice", "a");
        PasswordFile.SetUser(FilePath, "bob", "b");

        Assert.Equal(["alice", "bob"], File.ReadAllLines(FilePath).Select(l => l[..l.IndexOf(':')]));
    }

    [Fact]
    public void DeleteUser_removes_the_users_line_and_no_other()
    {
        PasswordFile.SetUser(FilePath, "alice", "a");
        PasswordFile.SetUser(FilePath, "bob", "b");
        PasswordFile.SetUser(FilePath, "carol", "c");

        Assert.True(PasswordFile.DeleteUser(FilePath, "bob"));
        Assert.False(PasswordFile.DeleteUser(FilePath, "bob"));

        var file = PasswordFile.Load(FilePath);
        Assert.Equal(2, file.Count);
        Assert.False(file.Verify("bob", "b"));
        Assert.True(file.Verify("alice", "a"));
        Assert.True(file.Verify("carol", "c"));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void A_new_file_is_readable_by_its_owner_only_and_a_replaced_one_keeps_its_mode()
    {
        PasswordFile.SetUser(FilePath, "alice", "a");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));

        var groupReadable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(FilePath, groupReadable);
        PasswordFile.SetUser(FilePath, "bob", "b");

        Assert.Equal(groupReadable, File.GetUnixFileMode(FilePath));
        Assert.Equal(["passwd"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("al:ice", "':'")]
    [InlineData(" alice", "blank")]
    [InlineData("#alice", "'#'")]
    [InlineData("al\nice", "control characters")]
    public void SetUser_refuses_a_name_mosquitto_would_read_back_differently(string user, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => PasswordFile.SetUser(FilePath, user, "secret"));

        Assert.Contains(reason, e.Message);
        Assert.False(File.Exists(FilePath));
    }

    [Fact]
    public void SetUser_refuses_an_empty_password() =>
        Assert.Contains("password is empty", Assert.Throws<ArgumentException>(() => PasswordFile.SetUser(FilePath, "alice", "")).Message);

    [Fact]
    public void Comments_blank_lines_blanks_around_fields_and_CRLF_line_ends_read_as_mosquitto_reads_them()
    {
        File.WriteAllText(FilePath, $"# users\r\n\r\n   \r\n  # indented comment\r\n alice : {PasswordHash.Create("secret")} \r\n");

        var file = PasswordFile.Load(FilePath);

        Assert.Equal(1, file.Count);
        Assert.True(file.Verify("alice", "secret"));
    }

    public static TheoryData<string, string> BadLines()
    {
        var good = PasswordHash.Create("x").ToString().Split('$');
        var (salt, hash) = (good[3], good[4]);
        var longSalt = Convert.ToBase64String(new byte[16]);
        var shortHash = Convert.ToBase64String(new byte[32]);
        return new()
        {
            { "bob", "no ':' between the user and the password hash" },
            { $":$7$101${salt}${hash}", "the user is empty" },
            { $"alice:$7$101${salt}${hash}", "user 'alice' is already on line 3" },
            { "bob:plain-text-password", "the password hash must be $7$ITERATIONS$SALT$HASH" },
            { $"bob:$5$101${salt}${hash}", "hash type $5$ is not one mosquitto reads" },
            { $"bob:$7${salt}${hash}", "a $7$ hash must be $7$ITERATIONS$SALT$HASH" },
            { $"bob:$7$0${salt}${hash}", "the iteration count must be a whole number from 1 to 10000000" },
            { $"bob:$7$10000001${salt}${hash}", "the iteration count must be a whole number from 1 to 10000000" },
            { $"bob:$7$101$not*base64${hash}", "the salt is not valid base64" },
            { $"bob:$7$101${longSalt}${hash}", "the salt must be 12 bytes, not 16" },
            { $"bob:$7$101${salt}$", "the hash is empty" },
            { $"bob:$7$101${salt}${shortHash}", "the hash must be 64 bytes, not 32" },
            { $"bob:$6${salt}${hash}$extra", "a $6$ hash must be $6$SALT$HASH" },
        };
    }

    [Theory]
    [MemberData(nameof(BadLines))]
    public void A_bad_line_stops_the_load_with_the_file_the_line_number_and_the_reason_but_not_the_hash(string line, string reason)
    {
        File.WriteAllLines(FilePath, ["# users", "", $"alice:{PasswordHash.Create("a")}", line]);

        var e = Assert.Throws<ArgumentException>(() => PasswordFile.Load(FilePath));

        Assert.StartsWith($"password file {FilePath}, line 4: ", e.Message);
        Assert.Contains(reason, e.Message);
        if (line.IndexOf(':') is var colon and >= 0 && line[(colon + 1)..] is { Length: > 3 } secret)
            Assert.DoesNotContain(secret, e.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => PasswordFile.Load(FilePath));

        Assert.StartsWith($"password file {FilePath} cannot be read", e.Message);
    }

    [Fact]
    public void SetUser_leaves_a_file_that_does_not_read_alone()
    {
        File.WriteAllLines(FilePath, ["alice"]);

        Assert.Contains("line 1", Assert.Throws<ArgumentException>(() => PasswordFile.SetUser(FilePath, "bob", "b")).Message);
        Assert.Equal("alice\n", File.ReadAllText(FilePath));
    }

    [Fact]
    public void An_unknown_user_is_checked_against_a_hash_as_costly_as_the_files_own_and_refused()
    {
        File.WriteAllLines(FilePath, [$"alice:{PasswordHash.Create("secret", iterations: 1000)}", $"bob:{PasswordHash.Create("b", iterations: 1000)}"]);
        var file = PasswordFile.Load(FilePath);

        var stranger = file.HashFor("mallory");

        Assert.Equal(PasswordHashKind.Pbkdf2Sha512, stranger.Kind);
        Assert.Equal(1000, stranger.Iterations);
        Assert.NotSame(file.HashFor("alice"), stranger);
        Assert.False(file.Verify("mallory", "secret"));
        Assert.False(file.Verify("mallory", ""));
        Assert.False(file.Verify(null, "secret"));
        Assert.Equal(1000, file.HashFor(null).Iterations);
    }

    [Fact]
    public void An_empty_file_refuses_everyone_after_a_hash_at_mosquitto_passwd_s_default_cost()
    {
        File.WriteAllText(FilePath, "# nobody yet\n");
        var file = PasswordFile.Load(FilePath);

        Assert.Equal(0, file.Count);
        Assert.Equal(PasswordHash.DefaultIterations, file.HashFor("alice").Iterations);
        Assert.False(file.Verify("alice", "secret"));
    }

    [Fact]
    public void A_hash_reads_back_as_written()
    {
        var hash = PasswordHash.Create("secret", iterations: 5);
        var read = PasswordHash.Parse(hash.ToString());

        Assert.Equal(hash.ToString(), read.ToString());
        Assert.Equal(5, read.Iterations);
        Assert.True(read.Matches("secret"));
        Assert.Throws<ArgumentOutOfRangeException>(() => PasswordHash.Create("secret", iterations: PasswordHash.MaxIterations + 1));
    }

    [Fact]
    public async Task A_file_edited_while_in_use_is_read_again_and_one_that_no_longer_reads_keeps_the_previous_users()
    {
        PasswordFile.SetUser(FilePath, "alice", "a");
        var log = new RecordingLogger();
        var file = PasswordFile.Load(FilePath, log);

        PasswordFile.SetUser(FilePath, "bob", "b");
        // The file is looked at no more than once a second.
        await Task.Delay(TimeSpan.FromSeconds(1.2));

        Assert.True(file.Verify("bob", "b"));
        Assert.Equal(2, file.Count);

        File.AppendAllText(FilePath, "carol\n");
        await Task.Delay(TimeSpan.FromSeconds(1.2));

        Assert.True(file.Verify("alice", "a"));
        Assert.True(file.Verify("bob", "b"));
        var error = Assert.Single(log.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains($"password file {FilePath}, line 3: no ':'", error.Message);
        Assert.Contains("the previous 2 users stay", error.Message);
    }

    [Fact]
    public void The_setting_names_the_file_or_nothing()
    {
        Assert.Null(PasswordFile.From(ConfigurationFactory.ParseString("gateway.security.password-file = \"\"")));

        var missing = Assert.Throws<ArgumentException>(() => PasswordFile.From(ConfigurationFactory.ParseString($"gateway.security.password-file = \"{FilePath}\"")));
        Assert.StartsWith($"password file {FilePath} cannot be read", missing.Message);
        Assert.Contains("gateway.security.password-file", missing.Message);

        PasswordFile.SetUser(FilePath, "alice", "a");
        Assert.True(PasswordFile.From(ConfigurationFactory.ParseString($"gateway.security.password-file = \"{FilePath}\""))!.Verify("alice", "a"));
    }
}
