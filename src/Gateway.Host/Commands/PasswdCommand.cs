using System.Text;
using Gateway.Mqtt.Security;

namespace Gateway.Host.Commands;

/// <summary>
/// <c>Gateway.Host passwd</c>: adds, changes or deletes a user in a mosquitto password file, as
/// <c>mosquitto_passwd</c> does (<see cref="PasswordFile.SetUser"/>, <see cref="PasswordFile.DeleteUser"/>).
/// It reads no configuration, so it runs before anything else is built.
/// </summary>
public static class PasswdCommand
{
    public const string Name = "passwd";

    /// <summary>The command worked.</summary>
    public const int Done = 0;

    /// <summary>It could not: the passwords differ, the file does not read, the user is not in it.</summary>
    public const int Failed = 1;

    /// <summary>The arguments are wrong.</summary>
    public const int UsageError = 2;

    public const string Usage = """
          passwd FILE USER              add USER to the mosquitto password file FILE (created, mode 0600, if missing) or change
                                        their password, asked twice without echo; with standard input redirected the
                                        password is its first line instead (for scripts)
          passwd -b FILE USER PASSWORD  the same with the password as an argument (mosquitto_passwd -b): other users of the
                                        machine can see it in the process list
          passwd -D FILE USER           delete USER from FILE
        """;

    /// <summary>
    /// Runs the command on <paramref name="args"/> (what follows <c>passwd</c>). When
    /// <paramref name="input"/> is a terminal the password is typed twice without echo; otherwise its
    /// first line is the password.
    /// </summary>
    public static int Run(IReadOnlyList<string> args, TextReader input, bool inputIsTerminal, TextWriter output, TextWriter error)
    {
        try
        {
            switch (args)
            {
                case ["-D", var file, var user]:
                    if (PasswordFile.DeleteUser(file, user))
                        return Done;
                    error.WriteLine($"gateway passwd: user '{user}' is not in {file}");
                    return Failed;
                case ["-b", var file, var user, var password]:
                    PasswordFile.SetUser(file, user, password);
                    return Done;
                case [var file, var user] when !file.StartsWith('-'):
                    var typed = inputIsTerminal ? TypedTwice(output) : input.ReadLine();
                    if (typed is null)
                    {
                        error.WriteLine(inputIsTerminal
                            ? "gateway passwd: the passwords do not match"
                            : "gateway passwd: standard input is empty; its first line is the password");
                        return Failed;
                    }
                    PasswordFile.SetUser(file, user, typed);
                    return Done;
                default:
                    error.WriteLine($"gateway passwd: {(args.Count > 0 && args[0].StartsWith('-') && args[0] is not ("-b" or "-D") ? $"unknown option '{args[0]}'" : "wrong number of arguments")}");
                    error.WriteLine($"Usage:\n{Usage}");
                    return UsageError;
            }
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"gateway passwd: {e.Message}");
            return Failed;
        }
    }

    /// <summary>The password typed at both prompts, or null when the two differ.</summary>
    private static string? TypedTwice(TextWriter output)
    {
        var first = Hidden("Password: ", output);
        var second = Hidden("Reenter password: ", output);
        return first == second ? first : null;
    }

    /// <summary>A line typed on the terminal, which sees no echo of it (Console.ReadKey intercepts each key).</summary>
    private static string Hidden(string prompt, TextWriter output)
    {
        output.Write(prompt);
        output.Flush();
        var typed = new StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                if (typed.Length > 0)
                    typed.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
        output.WriteLine();
        return typed.ToString();
    }
}
