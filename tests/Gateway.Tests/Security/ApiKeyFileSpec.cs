using Gateway.Host.Security;
using Xunit;

namespace Gateway.Tests.Security;

/// <summary>
/// The HTTP API's key file as the gateway reads it (which key is whose, what a bad line says) and
/// as <see cref="ApiKeyFile.Issue"/> writes it (a hash only, the name's line replaced, mode 0600).
/// </summary>
public sealed class ApiKeyFileSpec : IDisposable
{
    private static readonly string SomeHash = ApiKeyFile.Hash("some key");

    private readonly string _dir = Directory.CreateTempSubdirectory("gateway-api-keys-").FullName;

    private string FilePath => Path.Combine(_dir, "api-keys");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ApiKeyFile Read(params string[] lines)
    {
        File.WriteAllLines(FilePath, lines);
        return ApiKeyFile.Load(FilePath);
    }

    [Fact]
    public void Each_key_is_found_by_itself_with_its_name_and_role_and_comments_and_blank_lines_are_skipped()
    {
        var keys = Read(
            "# HTTP API keys",
            "",
            $"dashboard:read:{ApiKeyFile.Hash("key-one")}",
            $"  dispatch:command:{ApiKeyFile.Hash("key-two").ToUpperInvariant()}  ",
            "   # ops keeps the admin key",
            $"ops@site-1:admin:{ApiKeyFile.Hash("key-three")}");

        Assert.Equal(3, keys.Count);
        Assert.Equal(new ApiKey("dashboard", "read"), keys.Find("key-one"));
        Assert.Equal(new ApiKey("dispatch", "command"), keys.Find("key-two"));
        Assert.Equal(new ApiKey("ops@site-1", "admin"), keys.Find("key-three"));
        Assert.Null(keys.Find("key-four"));
        Assert.Null(keys.Find(""));
        // The hash is not a key: presenting a line's hash gets nothing.
        Assert.Null(keys.Find(ApiKeyFile.Hash("key-one")));
    }

    [Fact]
    public void The_hash_is_the_hexadecimal_sha256_of_the_key() =>
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeyFile.Hash("abc"));

    [Fact]
    public void An_empty_file_has_no_keys() => Assert.Equal(0, Read().Count);

    [Theory]
    [InlineData("dashboard:read", "it does not have three ':'-separated fields")]
    [InlineData("dashboard:read:HASH:extra", "it does not have three ':'-separated fields")]
    [InlineData(":read:HASH", "the name '' is not one or more letters, digits")]
    [InlineData("dash board:read:HASH", "the name 'dash board' is not one or more letters, digits")]
    [InlineData("dashboard:reader:HASH", "the role 'reader' is not one of read, command, admin")]
    [InlineData("dashboard:Read:HASH", "the role 'Read' is not one of read, command, admin")]
    [InlineData("dashboard:read:abc123", "the hash is not 64 hexadecimal digits (a SHA-256)")]
    [InlineData("dashboard:read:the-key-itself-rather-than-its-hash-which-is-wrong-0123456789abc", "the hash is not 64 hexadecimal digits")]
    public void A_malformed_line_stops_the_load_with_the_file_its_line_number_and_the_reason(string line, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => Read("# keys", $"ops:admin:{SomeHash}", "", line.Replace("HASH", ApiKeyFile.Hash("other"))));

        Assert.StartsWith($"the API key file '{FilePath}', line 4: {reason}", e.Message);
        Assert.EndsWith("a line is name:role:sha256 (Gateway.Host api-key writes them)", e.Message);
    }

    [Fact]
    public void A_name_used_twice_stops_the_load_at_its_second_line()
    {
        var e = Assert.Throws<ArgumentException>(() => Read($"ops:admin:{SomeHash}", $"ops:read:{ApiKeyFile.Hash("another key")}"));

        Assert.StartsWith($"the API key file '{FilePath}', line 2: the name 'ops' is used twice", e.Message);
    }

    [Fact]
    public void One_key_under_two_names_stops_the_load()
    {
        var e = Assert.Throws<ArgumentException>(() => Read($"ops:admin:{SomeHash}", $"dashboard:read:{SomeHash}"));

        Assert.StartsWith($"the API key file '{FilePath}', line 2: 'dashboard' has the same key as 'ops'", e.Message);
    }

    [Fact]
    public void A_missing_file_says_which_and_where_it_was_configured()
    {
        var e = Assert.Throws<ArgumentException>(() => ApiKeyFile.Load(FilePath));

        Assert.StartsWith($"the API key file '{FilePath}' cannot be read", e.Message);
        Assert.Contains("--api-keys", e.Message);
    }

    [Fact]
    public void Issue_makes_a_random_32_byte_base64url_key_and_writes_only_its_hash_to_a_new_file_readable_by_its_owner()
    {
        var key = ApiKeyFile.Issue(FilePath, "dashboard", "read");
        var other = ApiKeyFile.Issue(Path.Combine(_dir, "other"), "dashboard", "read");

        Assert.Matches("^[A-Za-z0-9_-]{43}$", key);
        Assert.NotEqual(key, other);
        Assert.Equal($"dashboard:read:{ApiKeyFile.Hash(key)}\n", File.ReadAllText(FilePath));
        Assert.Equal(new ApiKey("dashboard", "read"), ApiKeyFile.Load(FilePath).Find(key));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        Assert.Equal([FilePath, Path.Combine(_dir, "other")], Directory.GetFiles(_dir).Order());
    }

    [Fact]
    public void Issue_replaces_the_names_own_line_and_keeps_every_other_line_where_it_was()
    {
        var old = ApiKeyFile.Issue(FilePath, "dashboard", "read");
        File.WriteAllLines(FilePath, ["# keys", $"ops:admin:{SomeHash}", .. File.ReadAllLines(FilePath), $"dashboard2:read:{ApiKeyFile.Hash("x")}"]);

        var replaced = ApiKeyFile.Issue(FilePath, "dashboard", "command");

        var keys = ApiKeyFile.Load(FilePath);
        Assert.Null(keys.Find(old));
        Assert.Equal(new ApiKey("dashboard", "command"), keys.Find(replaced));
        Assert.Equal(["# keys", $"ops:admin:{SomeHash}", $"dashboard2:read:{ApiKeyFile.Hash("x")}", $"dashboard:command:{ApiKeyFile.Hash(replaced)}"],
            File.ReadAllLines(FilePath));
    }

    [Fact]
    public void Issue_keeps_the_mode_the_operator_gave_an_existing_file()
    {
        if (OperatingSystem.IsWindows())
            return;
        ApiKeyFile.Issue(FilePath, "dashboard", "read");
        File.SetUnixFileMode(FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        ApiKeyFile.Issue(FilePath, "ops", "admin");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(FilePath));
        Assert.Equal(2, ApiKeyFile.Load(FilePath).Count);
    }

    [Theory]
    [InlineData("#ops", "admin", "the name '#ops' is not one or more letters, digits")]
    [InlineData("ops:1", "admin", "the name 'ops:1' is not one or more letters, digits")]
    [InlineData("", "admin", "the name '' is not one or more letters, digits")]
    [InlineData("ops", "root", "the role 'root' is not one of read, command, admin")]
    public void Issue_refuses_a_name_or_role_the_file_could_not_hold_and_writes_nothing(string name, string role, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => ApiKeyFile.Issue(FilePath, name, role));

        Assert.StartsWith(reason, e.Message);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Theory]
    [InlineData("read", new[] { "read" })]
    [InlineData("command", new[] { "read", "command" })]
    [InlineData("admin", new[] { "read", "command", "admin" })]
    public void Each_role_holds_the_ones_below_it(string role, string[] granted) =>
        Assert.Equal(granted, ApiRoles.Granted(role));
}
