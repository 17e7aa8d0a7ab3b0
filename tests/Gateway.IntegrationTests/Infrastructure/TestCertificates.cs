using Xunit;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// A private CA, a server certificate for 127.0.0.1 and client certificates whose subject CN is a
/// device or service identity, made with the real <c>openssl</c> as an operator would make them;
/// and one client certificate from another CA, which the gateway must not trust.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private const string Install = "Install OpenSSL: apt-get install openssl.";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private TestCertificates(string directory) => Directory = directory;

    public string Directory { get; }

    public string CaCert => Path.Combine(Directory, "ca.crt");

    public string ServerCert => Path.Combine(Directory, "server.crt");

    public string ServerKey => Path.Combine(Directory, "server.key");

    public string Cert(string identity) => Path.Combine(Directory, $"{identity}.crt");

    public string Key(string identity) => Path.Combine(Directory, $"{identity}.key");

    /// <summary>Makes the CA, the server certificate and one client certificate per identity; <c>stranger</c> is signed by another CA.</summary>
    public static async Task<TestCertificates> CreateAsync(params string[] identities)
    {
        var certificates = new TestCertificates(System.IO.Directory.CreateTempSubdirectory("gateway-it-tls-").FullName);
        await certificates.SelfSignedAsync("ca", "Gateway Test CA");
        await certificates.SelfSignedAsync("other-ca", "Another CA");
        await certificates.SignedAsync("server", "127.0.0.1", "ca", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        foreach (var identity in identities)
            await certificates.SignedAsync(identity, identity, "ca", "extendedKeyUsage=clientAuth");
        await certificates.SignedAsync("stranger", "Alpha-3", "other-ca", "extendedKeyUsage=clientAuth");
        return certificates;
    }

    private Task SelfSignedAsync(string name, string cn) => OpenSslAsync(
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
        "-subj", $"/CN={cn}", "-keyout", $"{name}.key", "-out", $"{name}.crt");

    private async Task SignedAsync(string name, string cn, string ca, string extension)
    {
        await OpenSslAsync("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", $"/CN={cn}", "-keyout", $"{name}.key", "-out", $"{name}.csr");
        await File.WriteAllTextAsync(Path.Combine(Directory, $"{name}.ext"), extension + "\n");
        await OpenSslAsync("x509", "-req", "-in", $"{name}.csr", "-CA", $"{ca}.crt", "-CAkey", $"{ca}.key", "-CAcreateserial",
            "-days", "2", "-extfile", $"{name}.ext", "-out", $"{name}.crt");
    }

    private async Task OpenSslAsync(params string[] arguments)
    {
        var result = await ExternalCommand.RunAsync(RequiredTool.Find("openssl", Install), arguments, CommandTimeout, Directory);
        Assert.True(result.Succeeded, $"openssl failed: {result}");
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
