using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Mqtt.Security;

/// <summary>How a password file line's hash was made.</summary>
public enum PasswordHashKind
{
    /// <summary><c>$6$SALT$HASH</c>: SHA-512 of the password's UTF-8 bytes followed by the salt; mosquitto 1.6 and earlier.</summary>
    Sha512,

    /// <summary><c>$7$ITERATIONS$SALT$HASH</c>: PBKDF2-HMAC-SHA512; what mosquitto_passwd 2 writes.</summary>
    Pbkdf2Sha512,
}

/// <summary>
/// The part of a mosquitto password file line after <c>user:</c>, as mosquitto 2's
/// <c>mosquitto_passwd</c> writes it: <c>$7$101$</c> then base64 of a 12-byte salt, <c>$</c>, base64
/// of the 64-byte PBKDF2-HMAC-SHA512 output. mosquitto 2.0 refuses any other salt length
/// ("Unable to decode password salt"), so this does too: a file accepted here works in mosquitto.
/// </summary>
public sealed class PasswordHash
{
    public const int SaltBytes = 12;
    public const int HashBytes = 64;

    /// <summary>mosquitto_passwd's default. Low, but a file made here must read the same as one made there.</summary>
    public const int DefaultIterations = 101;

    /// <summary>
    /// Every login costs this many HMAC rounds, so a file asking for more would let anyone who can
    /// try a password stall the broker; mosquitto_passwd's own default is 101.
    /// </summary>
    public const int MaxIterations = 10_000_000;

    private readonly byte[] _salt;
    private readonly byte[] _hash;

    private PasswordHash(PasswordHashKind kind, int iterations, byte[] salt, byte[] hash)
    {
        Kind = kind;
        Iterations = iterations;
        _salt = salt;
        _hash = hash;
    }

    public PasswordHashKind Kind { get; }

    /// <summary>PBKDF2 rounds; 1 for <see cref="PasswordHashKind.Sha512"/>, which hashes once.</summary>
    public int Iterations { get; }

    /// <summary>A new <c>$7$</c> hash of <paramref name="password"/> with a random salt.</summary>
    public static PasswordHash Create(ReadOnlySpan<char> password, int iterations = DefaultIterations)
    {
        if (iterations is < 1 or > MaxIterations)
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, $"iterations must be from 1 to {MaxIterations}");
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = new byte[HashBytes];
        Rfc2898DeriveBytes.Pbkdf2(password, salt, hash, iterations, HashAlgorithmName.SHA512);
        return new PasswordHash(PasswordHashKind.Pbkdf2Sha512, iterations, salt, hash);
    }

    /// <summary>
    /// A hash no password matches (random salt and output) that costs what <paramref name="kind"/>
    /// and <paramref name="iterations"/> cost to check: what an unknown user's login is checked against.
    /// </summary>
    internal static PasswordHash Stranger(PasswordHashKind kind, int iterations) =>
        new(kind, iterations, RandomNumberGenerator.GetBytes(SaltBytes), RandomNumberGenerator.GetBytes(HashBytes));

    /// <summary>
    /// Reads <c>$7$ITERATIONS$SALT$HASH</c> or <c>$6$SALT$HASH</c>. The <see cref="FormatException"/>
    /// says what is wrong without quoting the text, which is a password hash.
    /// </summary>
    public static PasswordHash Parse(string text)
    {
        var fields = text.Split('$');
        if (fields.Length < 3 || fields[0].Length != 0)
            throw new FormatException("the password hash must be $7$ITERATIONS$SALT$HASH (or the older $6$SALT$HASH), as mosquitto_passwd writes it");
        switch (fields[1])
        {
            case "7":
                if (fields.Length != 5)
                    throw new FormatException("a $7$ hash must be $7$ITERATIONS$SALT$HASH");
                if (!int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations is < 1 or > MaxIterations)
                    throw new FormatException($"the iteration count must be a whole number from 1 to {MaxIterations}");
                return new PasswordHash(PasswordHashKind.Pbkdf2Sha512, iterations, Decode(fields[3], "salt", SaltBytes), Decode(fields[4], "hash", HashBytes));
            case "6":
                if (fields.Length != 4)
                    throw new FormatException("a $6$ hash must be $6$SALT$HASH");
                return new PasswordHash(PasswordHashKind.Sha512, 1, Decode(fields[2], "salt", SaltBytes), Decode(fields[3], "hash", HashBytes));
            default:
                throw new FormatException(fields[1].Length is > 0 and <= 2 && fields[1].All(char.IsAsciiDigit)
                    ? $"hash type ${fields[1]}$ is not one mosquitto reads: $7$ (PBKDF2-SHA512) or $6$ (SHA-512)"
                    : "the password hash must be $7$ITERATIONS$SALT$HASH (or the older $6$SALT$HASH), as mosquitto_passwd writes it");
        }
    }

    public bool Matches(ReadOnlySpan<char> password)
    {
        Span<byte> derived = stackalloc byte[HashBytes];
        if (Kind == PasswordHashKind.Pbkdf2Sha512)
        {
            Rfc2898DeriveBytes.Pbkdf2(password, _salt, derived, Iterations, HashAlgorithmName.SHA512);
        }
        else
        {
            var length = Encoding.UTF8.GetByteCount(password) + _salt.Length;
            var buffer = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                var written = Encoding.UTF8.GetBytes(password, buffer);
                _salt.CopyTo(buffer, written);
                SHA512.HashData(buffer.AsSpan(0, length), derived);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        var equal = CryptographicOperations.FixedTimeEquals(derived, _hash);
        CryptographicOperations.ZeroMemory(derived);
        return equal;
    }

    /// <summary>The text after <c>user:</c> in a password file.</summary>
    public override string ToString() => Kind == PasswordHashKind.Pbkdf2Sha512
        ? $"$7${Iterations.ToString(CultureInfo.InvariantCulture)}${Convert.ToBase64String(_salt)}${Convert.ToBase64String(_hash)}"
        : $"$6${Convert.ToBase64String(_salt)}${Convert.ToBase64String(_hash)}";

    private static byte[] Decode(string base64, string what, int length)
    {
        if (base64.Length == 0)
            throw new FormatException($"the {what} is empty");
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new FormatException($"the {what} is not valid base64");
        }
        return bytes.Length == length
            ? bytes
            : throw new FormatException($"the {what} must be {length} bytes, not {bytes.Length}{(what == "salt" ? " (mosquitto 2 reads no other length)" : "")}");
    }
}
