using System.Text;

namespace Snmp.Smi.Modules.Parsing;

/// <summary>The kinds of token of the ASN.1 subset MIB modules are written in (RFC 2578 section 3, X.208 lexical items).</summary>
internal enum TokenKind
{
    EndOfInput,
    Identifier,
    Number,
    HexString,
    BinaryString,
    QuotedString,
    Assign,      // ::=
    Range,       // ..
    LeftBrace,
    RightBrace,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Semicolon,
    Bar,
    Dot,
    Other,
}

/// <summary>One token, with the 1-based line and column of its first character.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Line, int Column)
{
    public bool Is(string identifier) => Kind == TokenKind.Identifier && string.Equals(Text, identifier, StringComparison.Ordinal);

    public string Describe() => Kind switch
    {
        TokenKind.EndOfInput => "end of input",
        TokenKind.QuotedString => "a quoted string",
        _ => $"'{(Text.Length > 40 ? Text[..40] + "..." : Text)}'",
    };
}

/// <summary>
/// Splits MIB text into tokens: identifiers (letters, digits, hyphens; underscores accepted as
/// Net-SNMP does), numbers (a leading minus sign belongs to the number), 'hex'H and 'binary'B
/// strings, quoted strings that may span lines, comments from <c>--</c> to the end of the line or
/// the next <c>--</c> (X.208 section 8.6), and the punctuation of the macros.
/// Never fails: a character outside the grammar becomes an <see cref="TokenKind.Other"/> token for
/// the parser to reject with its place; only an unterminated string is an error here.
/// </summary>
internal static class MibLexer
{
    /// <summary>
    /// The tokens of <paramref name="text"/>. Identifiers and numbers are taken from
    /// <paramref name="names"/> when it holds the same text (and added to it), so that the clause
    /// keywords and the names a file repeats are one string each, not one per occurrence.
    /// </summary>
    public static List<Token> Tokenize(string text, string file, NamePool? names = null) =>
        Tokenize(Encoding.Latin1.GetBytes(text), file, names);

    /// <summary>
    /// As <see cref="Tokenize(string, string, NamePool?)"/>, on a file's octets read as ISO 8859-1
    /// (one character per octet, as Net-SNMP reads MIB files), so that a file is never held as a
    /// string; <paramref name="tokens"/>, when given, is cleared and filled (a load reuses one list).
    /// </summary>
    public static List<Token> Tokenize(ReadOnlySpan<byte> text, string file, NamePool? names = null, List<Token>? tokens = null)
    {
        names ??= new NamePool();

        // About one token per 25 characters in real modules (long DESCRIPTION strings); a list grows if needed.
        if (tokens is null)
        {
            tokens = new List<Token>(Math.Max(16, text.Length / 24));
        }
        else
        {
            tokens.Clear();
            tokens.EnsureCapacity(text.Length / 24);
        }

        int i = 0, line = 1, lineStart = 0;
        int n = text.Length;
        while (i < n)
        {
            char c = (char)text[i];
            if (c == '\n')
            {
                i++;
                line++;
                lineStart = i;
                continue;
            }

            if (c is ' ' or '\t' or '\r' or '\f' or '\v' or '\u00a0' or '\u001a')
            {
                i++;
                continue;
            }

            int column = i - lineStart + 1;
            if (c == '-' && i + 1 < n && text[i + 1] == '-')
            {
                // Comment: to the end of the line or the next "--".
                i += 2;
                while (i < n && text[i] != '\n' && text[i] != '\r')
                {
                    if (text[i] == '-' && i + 1 < n && text[i + 1] == '-')
                    {
                        i += 2;
                        break;
                    }

                    i++;
                }

                continue;
            }

            if (IsLetter(c))
            {
                int start = i;
                i++;
                while (i < n && (IsLetter((char)text[i]) || char.IsAsciiDigit((char)text[i]) || text[i] == '_' ||
                                 (text[i] == '-' && !(i + 1 < n && text[i + 1] == '-'))))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Identifier, names.Get(text[start..i]), line, column));
                continue;
            }

            if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < n && char.IsAsciiDigit((char)text[i + 1])))
            {
                int start = i;
                i++;
                while (i < n && char.IsAsciiDigit((char)text[i]))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Number, names.Get(text[start..i]), line, column));
                continue;
            }

            switch (c)
            {
                case '"':
                {
                    int startLine = line;
                    int start = ++i;
                    while (i < n)
                    {
                        // Searched for by the vector-wide search: a DESCRIPTION is most of a module.
                        int next = text[i..].IndexOfAny((byte)'"', (byte)'\n');
                        if (next < 0)
                        {
                            i = n;
                            break;
                        }

                        i += next;
                        if (text[i] == '"')
                        {
                            break;
                        }

                        line++;
                        lineStart = ++i;
                    }

                    if (i >= n)
                    {
                        throw new MibSyntaxException(file, startLine, column, "quoted string not terminated before the end of the file");
                    }

                    tokens.Add(new Token(TokenKind.QuotedString, Encoding.Latin1.GetString(text[start..i]), startLine, column));
                    i++;
                    continue;
                }

                case '\'':
                {
                    int start = ++i;
                    while (i < n && text[i] != '\'' && text[i] != '\n')
                    {
                        i++;
                    }

                    if (i >= n || text[i] != '\'' || i + 1 >= n || (char.ToUpperInvariant((char)text[i + 1]) is not ('H' or 'B')))
                    {
                        // Not a 'hex'H or 'binary'B string (a quote inside a MACRO body): a lone token.
                        tokens.Add(new Token(TokenKind.Other, "'", line, column));
                        i = start;
                        continue;
                    }

                    var body = RemoveSpace(text[start..i]);
                    bool hex = char.ToUpperInvariant((char)text[i + 1]) == 'H';
                    foreach (char d in body)
                    {
                        if (hex ? !char.IsAsciiHexDigit(d) : d is not ('0' or '1'))
                        {
                            throw new MibSyntaxException(file, line, column, hex ? "a 'hex'H string holds only hexadecimal digits" : "a 'binary'B string holds only 0 and 1");
                        }
                    }

                    tokens.Add(new Token(hex ? TokenKind.HexString : TokenKind.BinaryString, body, line, column));
                    i += 2;
                    continue;
                }

                case ':' when i + 2 < n && text[i + 1] == ':' && text[i + 2] == '=':
                    tokens.Add(new Token(TokenKind.Assign, "::=", line, column));
                    i += 3;
                    continue;
                case '.' when i + 1 < n && text[i + 1] == '.':
                    tokens.Add(new Token(TokenKind.Range, "..", line, column));
                    i += 2;
                    continue;
                case '{': tokens.Add(new Token(TokenKind.LeftBrace, "{", line, column)); break;
                case '}': tokens.Add(new Token(TokenKind.RightBrace, "}", line, column)); break;
                case '(': tokens.Add(new Token(TokenKind.LeftParen, "(", line, column)); break;
                case ')': tokens.Add(new Token(TokenKind.RightParen, ")", line, column)); break;
                case '[': tokens.Add(new Token(TokenKind.LeftBracket, "[", line, column)); break;
                case ']': tokens.Add(new Token(TokenKind.RightBracket, "]", line, column)); break;
                case ',': tokens.Add(new Token(TokenKind.Comma, ",", line, column)); break;
                case ';': tokens.Add(new Token(TokenKind.Semicolon, ";", line, column)); break;
                case '|': tokens.Add(new Token(TokenKind.Bar, "|", line, column)); break;
                case '.': tokens.Add(new Token(TokenKind.Dot, ".", line, column)); break;
                default: tokens.Add(new Token(TokenKind.Other, names.Get([c]), line, column)); break;
            }

            i++;
        }

        tokens.Add(new Token(TokenKind.EndOfInput, string.Empty, line, i - lineStart + 1));
        return tokens;
    }

    private static bool IsLetter(char c) => char.IsAsciiLetter(c);

    private static string RemoveSpace(ReadOnlySpan<byte> s)
    {
        if (s.IndexOfAny((byte)' ', (byte)'\t') < 0)
        {
            return Encoding.Latin1.GetString(s);
        }

        var sb = new StringBuilder(s.Length);
        foreach (byte c in s)
        {
            if (c is not ((byte)' ' or (byte)'\t'))
            {
                sb.Append((char)c);
            }
        }

        return sb.ToString();
    }
}

/// <summary>
/// One string per distinct identifier or number text of a load: the lexer looks the characters up
/// here instead of allocating a string per occurrence (a module repeats its clause keywords and
/// names hundreds of times). Not thread-safe; a set's loads share one and drop it when done.
/// </summary>
internal sealed class NamePool
{
    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public NamePool()
    {
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The pooled string of the ISO 8859-1 characters <paramref name="octets"/>, added when it is new.</summary>
    public string Get(ReadOnlySpan<byte> octets)
    {
        if (octets.Length > 256)
        {
            return Get(Encoding.Latin1.GetString(octets));
        }

        Span<char> chars = stackalloc char[octets.Length];
        Encoding.Latin1.GetChars(octets, chars);
        return Get(chars);
    }

    /// <summary>The pooled string equal to <paramref name="text"/>, added when it is new.</summary>
    public string Get(ReadOnlySpan<char> text)
    {
        if (_lookup.TryGetValue(text, out var known))
        {
            return known;
        }

        var added = text.ToString();
        _strings.Add(added);
        return added;
    }
}
