using Gateway.Host.Commands;
using Gateway.Mqtt.Security;
using Xunit;

namespace Gateway.Tests.Security;

/// <summary>
/// <c>Gateway.Host passwd</c>'s answers and exit codes with its password on standard input (the
/// terminal and the real process are in the integration tests' PasswdCommandTests).
/// </summary>
public sealed class PasswdCommandSpec : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gateway-passwd-").FullName;
    private readonly StringWriter _error = new();

    private string FilePath => Path.Combine(_dir, "passwd");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private int Run(string input, params string[] args) =>
        PasswdCommand.Run(args, new StringReader(input), inputIsTerminal: false, TextWriter.Null, _error);

    [Fact]
    public void The_first_line_of_standard_input_is_the_password_and_the_rest_is_not_read()
    {
        Assert.Equal(PasswdCommand.Done, Run("secret\nsomething else\n", FilePath, "alice"));

        var file = PasswordFile.Load(FilePath);
        Assert.True(file.Verify("alice", "secret"));
        Assert.Empty(_error.ToString());
    }

    [Fact]
    public void Empty_standard_input_fails_and_says_where_the_password_comes_from()
    {
        Assert.Equal(PasswdCommand.Failed, Run("", FilePath, "alice"));

        Assert.Contains("standard input is empty; its first line is the password", _error.ToString());
        Assert.False(File.Exists(FilePath));
    }

    [Fact]
    public void An_empty_password_fails() =>
        Assert.Equal(PasswdCommand.Failed, Run("\n", FilePath, "alice"));

    [Fact]
    public void A_file_that_does_not_read_fails_with_its_bad_line_and_is_left_alone()
    {
        File.WriteAllText(FilePath, "alice\n");

        Assert.Equal(PasswdCommand.Failed, Run("", "-b", FilePath, "bob", "b"));

        Assert.Contains($"gateway passwd: password file {FilePath}, line 1: no ':'", _error.ToString());
        Assert.Equal("alice\n", File.ReadAllText(FilePath));
    }

    [Fact]
    public void Deleting_from_a_missing_file_fails() =>
        Assert.Equal(PasswdCommand.Failed, Run("", "-D", FilePath, "alice"));

    [Theory]
    [InlineData(new string[0], "wrong number of arguments")]
    [InlineData(new[] { "passwd" }, "wrong number of arguments")]
    [InlineData(new[] { "-b", "passwd", "alice" }, "wrong number of arguments")]
    [InlineData(new[] { "-D", "passwd" }, "wrong number of arguments")]
    [InlineData(new[] { "passwd", "alice", "extra" }, "wrong number of arguments")]
    [InlineData(new[] { "-c", "passwd", "alice" }, "unknown option '-c'")]
    public void Wrong_arguments_exit_with_2_and_the_usage(string[] args, string reason)
    {
        Assert.Equal(PasswdCommand.UsageError, PasswdCommand.Run(args, new StringReader("secret\n"), inputIsTerminal: false, TextWriter.Null, _error));

        Assert.Contains(reason, _error.ToString());
        Assert.Contains("passwd -b FILE USER PASSWORD", _error.ToString());
        Assert.Empty(Directory.GetFiles(_dir));
    }
}
