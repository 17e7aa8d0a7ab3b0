using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Mqtt;

/// <summary>Certificates and keys read from PEM files at start-up, so a missing or unreadable one stops the start with its name.</summary>
internal static class PemFiles
{
    public static X509Certificate2Collection ReadCertificates(string file, string what)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ArgumentException($"the {what} file '{file}' cannot be read: {e.Message}");
        }
        return certificates.Count > 0 ? certificates : throw new ArgumentException($"the {what} file '{file}' holds no PEM certificate");
    }

    public static X509Certificate2 ReadCertificateWithKey(string cert, string key, string what)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(cert, key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new ArgumentException($"the {what} '{cert}' with key '{key}' cannot be read: {e.Message}");
        }
    }
}
