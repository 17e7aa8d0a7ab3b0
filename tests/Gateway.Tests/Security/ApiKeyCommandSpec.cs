using Gateway.Host.Commands;
using Gateway.Host.Security;
using Xunit;

namespace Gateway.Tests.Security;

/// <summary>
/// <c>Gateway.Host api-key</c>'s output and exit codes in process (the real process makes the keys
/// of the integration tests' ApiKeyTests): the key alone on standard output, everything else on
/// standard error.
/// </summary>
public sealed class ApiKeyCommandSpec : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gateway-api-key-").FullName;
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    private string FilePath => Path.Combine(_dir, "api-keys");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private int Run(params string[] args) => ApiKeyCommand.Run(args, _output, _error);

    [Fact]
    public void The_key_alone_is_printed_on_standard_output_and_the_file_holds_its_hash()
    {
        Assert.Equal(ApiKeyCommand.Done, Run(FilePath, "dispatch", "command"));

        var key = _output.ToString().TrimEnd('\n');
        Assert.Matches("^[A-Za-z0-9_-]{43}$", key);
        Assert.Equal(new ApiKey("dispatch", "command"), ApiKeyFile.Load(FilePath).Find(key));
        Assert.DoesNotContain(key, _error.ToString());
        Assert.Contains($"only its hash is in {FilePath}", _error.ToString());
    }

    [Fact]
    public void An_unknown_role_fails_and_prints_no_key()
    {
        Assert.Equal(ApiKeyCommand.Failed, Run(FilePath, "dispatch", "operator"));

        Assert.Empty(_output.ToString());
        Assert.Contains("api-key: the role 'operator' is not one of read, command, admin", _error.ToString());
        Assert.False(File.Exists(FilePath));
    }

    [Fact]
    public void A_file_in_a_missing_folder_fails() =>
        Assert.Equal(ApiKeyCommand.Failed, Run(Path.Combine(_dir, "missing", "api-keys"), "dispatch", "read"));

    [Theory]
    [InlineData]
    [InlineData("api-keys")]
    [InlineData("api-keys", "dispatch")]
    [InlineData("api-keys", "dispatch", "read", "extra")]
    public void Other_than_three_arguments_is_a_usage_error(params string[] args)
    {
        Assert.Equal(ApiKeyCommand.UsageError, Run(args));

        Assert.Contains("usage: Gateway.Host api-key FILE NAME ROLE", _error.ToString());
        Assert.Empty(_output.ToString());
    }
}
