using Gateway.IntegrationTests.Infrastructure;
using Gateway.Mqtt.Security;
using Xunit;

namespace Gateway.Tests.Security;

/// <summary>
/// The format is mosquitto's own: files made by Debian's real <c>mosquitto_passwd</c> log users in
/// here, and files written here log users in to the real mosquitto broker.
/// </summary>
public sealed class MosquittoPasswordFileSpec : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private readonly string _dir = Directory.CreateTempSubdirectory("gateway-passwd-").FullName;

    private string FilePath => Path.Combine(_dir, "passwd");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("", "$7$101$")]
    [InlineData("-H sha512-pbkdf2 -I 1000", "$7$1000$")]
    [InlineData("-H sha512", "$6$")]
    public async Task A_file_made_by_mosquitto_passwd_logs_its_users_in(string hashing, string written)
    {
        string[] options = hashing.Length == 0 ? [] : hashing.Split(' ');
        await MosquittoPasswd([.. options, "-c", "-b", FilePath, "alice", "secret"]);
        // A second user, added to the existing file as an operator would.
        await MosquittoPasswd(["-b", FilePath, "bob", "bobs password"]);
        Assert.StartsWith($"alice:{written}", File.ReadAllText(FilePath));

        var file = PasswordFile.Load(FilePath);

        Assert.Equal(2, file.Count);
        Assert.True(file.Verify("alice", "secret"));
        Assert.True(file.Verify("bob", "bobs password"));
        Assert.False(file.Verify("alice", "bobs password"));
        Assert.False(file.Verify("bob", "secret"));
        Assert.False(file.Verify("carol", "secret"));
    }

    [Fact]
    public async Task Mosquitto_passwd_edits_a_file_written_here_and_the_users_of_both_log_in()
    {
        PasswordFile.SetUser(FilePath, "alice", "secret");
        await MosquittoPasswd(["-b", FilePath, "bob", "other"]);
        await MosquittoPasswd(["-D", FilePath, "nobody-else"], expectSuccess: false);

        var file = PasswordFile.Load(FilePath);

        Assert.True(file.Verify("alice", "secret"));
        Assert.True(file.Verify("bob", "other"));
    }

    [Fact]
    public async Task Users_written_here_log_in_to_the_mosquitto_broker_with_their_password_only()
    {
        PasswordFile.SetUser(FilePath, "alice", "secret");
        PasswordFile.SetUser(FilePath, "bob", "to be deleted");
        PasswordFile.SetUser(FilePath, "carol", "c");
        PasswordFile.DeleteUser(FilePath, "bob");
        await using var broker = await MosquittoBroker.StartAsync(FilePath);

        var alice = await Mosquitto.TryPublishAsync(broker.Port, "alice", "secret", "t", "x");
        var carol = await Mosquitto.TryPublishAsync(broker.Port, "carol", "c", "t", "x");
        var wrong = await Mosquitto.TryPublishAsync(broker.Port, "alice", "Secret", "t", "x");
        var deleted = await Mosquitto.TryPublishAsync(broker.Port, "bob", "to be deleted", "t", "x");

        Assert.True(alice.Succeeded, $"{alice}\n{broker.LogTail()}");
        Assert.True(carol.Succeeded, $"{carol}\n{broker.LogTail()}");
        Assert.False(wrong.Succeeded, $"{wrong}\n{broker.LogTail()}");
        Assert.Contains("not authorised", wrong.StandardError);
        Assert.False(deleted.Succeeded, $"{deleted}\n{broker.LogTail()}");
        Assert.DoesNotContain("Unable to decode", broker.LogTail());
    }

    private static async Task MosquittoPasswd(IReadOnlyList<string> arguments, bool expectSuccess = true)
    {
        var result = await ExternalCommand.RunAsync(RequiredTool.Find("mosquitto_passwd", MosquittoBroker.Install), arguments, CommandTimeout);
        Assert.True(result.Succeeded == expectSuccess, result.ToString());
    }
}
