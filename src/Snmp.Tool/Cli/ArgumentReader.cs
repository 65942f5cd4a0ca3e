namespace Snmp.Tool.Cli;

/// <summary>
/// Splits a command line the way Net-SNMP's tools read theirs (POSIX getopt with GNU's
/// permutation): single-letter options, several of which may share one word (<c>-Ovq</c>); an
/// option that takes a value takes the rest of its word (<c>-v2c</c>, <c>-Cr10</c>) or else the
/// next word (<c>-v 2c</c>); options and operands may come in any order; <c>--</c> ends the
/// options. Long options (<c>--json</c>, <c>--name=value</c>) are ours. Written by hand because
/// Net-SNMP's attached values and repeatable letter groups are not what NuGet's parsers model.
/// </summary>
internal static class ArgumentReader
{
    /// <summary>Reads <paramref name="args"/>: <paramref name="withValue"/> are the letters that take a value, <paramref name="flags"/> those that do not.</summary>
    /// <exception cref="ToolException">An unknown letter, or a value missing (getopt's wording, with the program name).</exception>
    public static ParsedArguments Read(IReadOnlyList<string> args, string withValue, string flags, string program)
    {
        var options = new List<(char Letter, string? Value)>();
        var longOptions = new List<(string Name, string? Value)>();
        var operands = new List<string>();
        var positions = new List<int>();
        for (int i = 0; i < args.Count; i++)
        {
            var word = args[i];
            if (word == "--")
            {
                operands.AddRange(args.Skip(i + 1));
                break;
            }

            if (word.StartsWith("--", StringComparison.Ordinal))
            {
                int eq = word.IndexOf('=', StringComparison.Ordinal);
                longOptions.Add(eq < 0 ? (word[2..], null) : (word[2..eq], word[(eq + 1)..]));
                continue;
            }

            // A negative number is an operand (a Set's "i -5"), as Net-SNMP's tools read it.
            if (word.Length < 2 || word[0] != '-' || (word.Length > 1 && word.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0))
            {
                operands.Add(word);
                continue;
            }

            for (int j = 1; j < word.Length; j++)
            {
                char letter = word[j];
                if (withValue.Contains(letter, StringComparison.Ordinal))
                {
                    string value;
                    if (j + 1 < word.Length)
                    {
                        value = word[(j + 1)..];
                    }
                    else if (i + 1 < args.Count)
                    {
                        value = args[++i];
                    }
                    else
                    {
                        throw new ToolException($"{program}: option requires an argument -- '{letter}'", 1, showUsage: true);
                    }

                    options.Add((letter, value));
                    positions.Add(operands.Count);
                    break;
                }

                if (!flags.Contains(letter, StringComparison.Ordinal))
                {
                    throw new ToolException($"{program}: invalid option -- '{letter}'", 1, showUsage: true);
                }

                options.Add((letter, null));
                positions.Add(operands.Count);
            }
        }

        return new ParsedArguments(options, longOptions, operands) { OperandsBefore = positions };
    }
}

/// <summary>What <see cref="ArgumentReader"/> found, in command-line order.</summary>
internal sealed record ParsedArguments(
    IReadOnlyList<(char Letter, string? Value)> Options,
    IReadOnlyList<(string Name, string? Value)> LongOptions,
    IReadOnlyList<string> Operands)
{
    /// <summary>
    /// For each of <see cref="Options"/>, how many operands came before it: the operand a letter's
    /// own word would be in Net-SNMP (snmpusm's -Cp and -CE take the word after the option).
    /// </summary>
    public IReadOnlyList<int> OperandsBefore { get; init; } = [];
}
