using Gateway.Host.Security;

namespace Gateway.Host.Commands;

/// <summary>
/// <c>Gateway.Host api-key FILE NAME ROLE</c>: makes a random API key, writes its hash to the key
/// file under NAME (replacing NAME's old key) and prints the key once on standard output, so that
/// a script can capture it (<c>KEY=$(Gateway.Host api-key ...)</c>); it is not kept anywhere else.
/// </summary>
public static class ApiKeyCommand
{
    public const string Name = "api-key";

    public const int Done = 0;

    /// <summary>The name or role is not acceptable, or the file cannot be written.</summary>
    public const int Failed = 1;

    /// <summary>Not three arguments.</summary>
    public const int UsageError = 2;

    public const string Usage = """
          api-key FILE NAME ROLE        make an HTTP API key for NAME with ROLE (read, command or admin), write its hash to
                                        FILE (created with mode 0600 if missing; NAME's old key is replaced) and print the key
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        if (args is not [var file, var name, var role])
        {
            error.WriteLine($"usage: Gateway.Host api-key FILE NAME ROLE\n{Usage}");
            return UsageError;
        }
        try
        {
            output.WriteLine(ApiKeyFile.Issue(file, name, role));
            error.WriteLine($"api-key: the key above is '{name}' ({role}); only its hash is in {file}, so keep it now");
            return Done;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"api-key: {e.Message}");
            return Failed;
        }
    }
}
