using System.Globalization;
using System.Numerics;
using System.Text;

namespace Snmp.Smi.Modules.Parsing;

/// <summary>
/// Reads module definitions (RFC 2578 section 3 for SMIv2, RFC 1155/1212/1215 for SMIv1) from
/// tokens. Only the macro invocations of the SMI are understood; MACRO definitions are skipped to
/// their END, and other value assignments are skipped to the end of their value.
/// Lenient where real files are, as Net-SNMP is: a trailing comma in a list, a missing comma between
/// SEQUENCE fields or enumerations, underscores in names, an unknown clause in a macro invocation
/// (skipped with a warning), and IMPORTS without the closing semicolon.
/// A syntax error ends the module: the assignments read before it are kept, and the error is a
/// diagnostic with file, line and column.
/// </summary>
internal sealed class MibParser
{
    private const int MaxNesting = 64;

    private static readonly HashSet<string> MacroNames =
    [
        "OBJECT-TYPE", "MODULE-IDENTITY", "OBJECT-IDENTITY", "NOTIFICATION-TYPE", "TRAP-TYPE",
        "OBJECT-GROUP", "NOTIFICATION-GROUP", "MODULE-COMPLIANCE", "AGENT-CAPABILITIES",
    ];

    private static readonly HashSet<string> ClauseKeywords =
    [
        "SYNTAX", "UNITS", "MAX-ACCESS", "ACCESS", "MIN-ACCESS", "STATUS", "DESCRIPTION", "REFERENCE",
        "INDEX", "AUGMENTS", "DEFVAL", "OBJECTS", "VARIABLES", "NOTIFICATIONS", "ENTERPRISE", "DISPLAY-HINT",
        "LAST-UPDATED", "ORGANIZATION", "CONTACT-INFO", "REVISION", "PRODUCT-RELEASE", "MODULE", "SUPPORTS",
        "WRITE-SYNTAX", "GROUP", "OBJECT", "MANDATORY-GROUPS", "INCLUDES", "VARIATION", "CREATION-REQUIRES",
    ];

    private readonly List<Token> _tokens;
    private readonly string _file;
    private int _pos;
    private ModuleDefinition? _module;

    private MibParser(List<Token> tokens, string file)
    {
        _tokens = tokens;
        _file = file;
    }

    /// <summary>
    /// Parses every module of a file's octets (ISO 8859-1: one character each). Errors become
    /// diagnostics of the module they are in (or of a module named after the file). A load shares
    /// <paramref name="names"/> and <paramref name="tokens"/> across its files.
    /// </summary>
    public static List<ModuleDefinition> ParseText(ReadOnlySpan<byte> text, string file, List<MibDiagnostic> fileDiagnostics, NamePool? names = null, List<Token>? tokens = null)
    {
        try
        {
            tokens = MibLexer.Tokenize(text, file, names, tokens);
        }
        catch (MibSyntaxException e)
        {
            fileDiagnostics.Add(new MibDiagnostic(MibSeverity.Error, e.File, e.Line, e.Column, e.Reason));
            return [];
        }

        var parser = new MibParser(tokens, file);
        return parser.ParseModules(fileDiagnostics);
    }

    /// <summary>The names of the modules a file's octets define (every "Name DEFINITIONS ::= BEGIN"), cheaply, for the search-path index.</summary>
    public static List<string> ScanModuleNames(ReadOnlySpan<byte> text)
    {
        static bool IsSpace(byte b) => char.IsWhiteSpace((char)b);
        var names = new List<string>();
        int from = 0;
        while (true)
        {
            int found = text[from..].IndexOf("DEFINITIONS"u8);
            if (found < 0)
            {
                return names;
            }

            int at = from + found;
            from = at + 11;
            int after = from;
            while (after < text.Length && IsSpace(text[after]))
            {
                after++;
            }

            // ASN.1 1994 tagging defaults may come between DEFINITIONS and ::=.
            var rest = text[after..];
            if (!rest.StartsWith("::="u8) && !rest.StartsWith("IMPLICIT"u8) && !rest.StartsWith("EXPLICIT"u8) && !rest.StartsWith("AUTOMATIC"u8))
            {
                continue;
            }

            // The identifier before DEFINITIONS (a module OID value "{ ... }" may sit between them).
            int end = at - 1;
            while (end >= 0 && IsSpace(text[end]))
            {
                end--;
            }

            if (end >= 0 && text[end] == '}')
            {
                int open = text[..end].LastIndexOf((byte)'{');
                if (open < 0)
                {
                    continue;
                }

                end = open - 1;
                while (end >= 0 && IsSpace(text[end]))
                {
                    end--;
                }
            }

            int start = end;
            while (start >= 0 && (char.IsAsciiLetterOrDigit((char)text[start]) || text[start] is (byte)'-' or (byte)'_'))
            {
                start--;
            }

            if (end > start && char.IsAsciiLetter((char)text[start + 1]))
            {
                // Skip "DEFINITIONS" inside a comment: the line must not have "--" before the name.
                int lineStart = text[..(start < 0 ? 0 : start + 1)].LastIndexOf((byte)'\n') + 1;
                if (text[lineStart..(start + 1)].IndexOf("--"u8) < 0)
                {
                    names.Add(Encoding.Latin1.GetString(text[(start + 1)..(end + 1)]));
                }
            }
        }
    }

    private List<ModuleDefinition> ParseModules(List<MibDiagnostic> fileDiagnostics)
    {
        var modules = new List<ModuleDefinition>();
        while (Peek.Kind != TokenKind.EndOfInput)
        {
            try
            {
                modules.Add(ParseModule());
            }
            catch (MibSyntaxException e)
            {
                var diagnostic = new MibDiagnostic(MibSeverity.Error, e.File, e.Line, e.Column, e.Reason);
                if (_module is not null)
                {
                    _module.Diagnostics.Add(diagnostic);
                    modules.Add(_module);
                }
                else
                {
                    fileDiagnostics.Add(diagnostic);
                }

                break;
            }
            finally
            {
                _module = null;
            }
        }

        return modules;
    }

    private Token Peek => _tokens[_pos];

    private Token PeekAt(int offset) => _tokens[Math.Min(_pos + offset, _tokens.Count - 1)];

    private Token Next()
    {
        var t = _tokens[_pos];
        if (t.Kind != TokenKind.EndOfInput)
        {
            _pos++;
        }

        return t;
    }

    private MibSyntaxException Error(Token at, string reason) => new(_file, at.Line, at.Column, reason);

    private Token Expect(TokenKind kind, string what)
    {
        var t = Next();
        if (t.Kind != kind)
        {
            throw Error(t, $"expected {what}, found {t.Describe()}");
        }

        return t;
    }

    private Token ExpectWord(string word)
    {
        var t = Next();
        if (!t.Is(word))
        {
            throw Error(t, $"expected {word}, found {t.Describe()}");
        }

        return t;
    }

    private void Warn(Token at, string message) =>
        _module?.Diagnostics.Add(new MibDiagnostic(MibSeverity.Warning, _file, at.Line, at.Column, message));

    private ModuleDefinition ParseModule()
    {
        var nameToken = Expect(TokenKind.Identifier, "a module name (\"NAME DEFINITIONS ::= BEGIN\")");
        if (Peek.Kind == TokenKind.LeftBrace)
        {
            SkipBalanced();
        }

        ExpectWord("DEFINITIONS");
        while (Peek.Kind == TokenKind.Identifier && (Peek.Is("IMPLICIT") || Peek.Is("EXPLICIT") || Peek.Is("AUTOMATIC") || Peek.Is("TAGS")))
        {
            Next();
        }

        Expect(TokenKind.Assign, "'::='");
        ExpectWord("BEGIN");

        // A module exists from its complete heading on: an error before it belongs to the file.
        _module = new ModuleDefinition(nameToken.Text, _file, nameToken);
        var module = _module;
        while (true)
        {
            var t = Peek;
            if (t.Kind == TokenKind.EndOfInput)
            {
                throw Error(t, $"module {module.Name} has no END");
            }

            if (t.Is("END"))
            {
                Next();
                return module;
            }

            if (t.Is("EXPORTS"))
            {
                SkipPast(TokenKind.Semicolon);
                continue;
            }

            if (t.Is("IMPORTS"))
            {
                Next();
                ParseImports(module);
                continue;
            }

            ParseAssignment(module);
        }
    }

    private void ParseImports(ModuleDefinition module)
    {
        var symbols = new List<Token>();
        while (true)
        {
            var t = Next();
            if (t.Kind == TokenKind.Semicolon)
            {
                if (symbols.Count > 0)
                {
                    throw Error(t, "IMPORTS ends with symbols that have no FROM");
                }

                return;
            }

            if (t.Kind != TokenKind.Identifier)
            {
                throw Error(t, $"expected a symbol or FROM in IMPORTS, found {t.Describe()}");
            }

            if (t.Is("FROM"))
            {
                var from = Expect(TokenKind.Identifier, "a module name after FROM");
                module.Imports.Add(new ImportGroup(from.Text, from, symbols));
                symbols = [];
                if (Peek.Kind == TokenKind.LeftBrace)
                {
                    SkipBalanced();
                }

                // Without the semicolon, IMPORTS ends where a definition starts.
                if (Peek.Kind == TokenKind.Identifier && PeekAt(1).Kind != TokenKind.Comma && !PeekAt(1).Is("FROM") &&
                    PeekAt(1).Kind != TokenKind.Semicolon)
                {
                    Warn(Peek, "IMPORTS not ended by ';'");
                    return;
                }

                continue;
            }

            symbols.Add(t);
            if (Peek.Kind == TokenKind.Comma)
            {
                Next();
            }
        }
    }

    private void ParseAssignment(ModuleDefinition module)
    {
        var nameToken = Next();
        if (nameToken.Kind != TokenKind.Identifier)
        {
            throw Error(nameToken, $"expected an assignment, found {nameToken.Describe()}");
        }

        var t = Peek;
        if (t.Is("MACRO"))
        {
            Next();
            Expect(TokenKind.Assign, "'::=' after MACRO");
            ExpectWord("BEGIN");
            while (!Peek.Is("END"))
            {
                if (Peek.Kind == TokenKind.EndOfInput)
                {
                    throw Error(nameToken, $"MACRO {nameToken.Text} has no END");
                }

                Next();
            }

            Next();
            module.Macros.Add(nameToken.Text);
            return;
        }

        if (t.Kind == TokenKind.Assign)
        {
            Next();
            if (Peek.Is("TEXTUAL-CONVENTION"))
            {
                Next();
                var tc = new Definition(nameToken.Text, DefinitionKind.TextualConvention, nameToken);
                ParseClauses(tc, stopAtUnknown: true);
                if (tc.Syntax is null)
                {
                    throw Error(Peek, $"TEXTUAL-CONVENTION {nameToken.Text} has no SYNTAX");
                }

                module.Definitions.Add(tc);
                return;
            }

            var type = new Definition(nameToken.Text, DefinitionKind.TypeAssignment, nameToken) { Syntax = ParseType(0) };
            module.Definitions.Add(type);
            return;
        }

        if (t.Is("OBJECT") && PeekAt(1).Is("IDENTIFIER"))
        {
            Next();
            Next();
            Expect(TokenKind.Assign, "'::='");
            module.Definitions.Add(new Definition(nameToken.Text, DefinitionKind.ObjectIdentifier, nameToken) { Oid = ParseOidValue() });
            return;
        }

        if (t.Kind == TokenKind.Identifier && MacroNames.Contains(t.Text))
        {
            Next();
            var kind = t.Text switch
            {
                "OBJECT-TYPE" => DefinitionKind.ObjectType,
                "MODULE-IDENTITY" => DefinitionKind.ModuleIdentity,
                "OBJECT-IDENTITY" => DefinitionKind.ObjectIdentity,
                "NOTIFICATION-TYPE" => DefinitionKind.NotificationType,
                "TRAP-TYPE" => DefinitionKind.TrapType,
                "OBJECT-GROUP" => DefinitionKind.ObjectGroup,
                "NOTIFICATION-GROUP" => DefinitionKind.NotificationGroup,
                "MODULE-COMPLIANCE" => DefinitionKind.ModuleCompliance,
                _ => DefinitionKind.AgentCapabilities,
            };
            var definition = new Definition(nameToken.Text, kind, nameToken);
            ParseClauses(definition, stopAtUnknown: false);
            Expect(TokenKind.Assign, "'::='");
            if (kind == DefinitionKind.TrapType)
            {
                var number = Expect(TokenKind.Number, "the trap number after '::='");
                definition.TrapNumber = ParseSubIdentifier(number);
            }
            else
            {
                definition.Oid = ParseOidValue();
            }

            module.Definitions.Add(definition);
            return;
        }

        // Another value assignment ("name Type ::= value"): read the type, skip the value.
        if (t.Kind == TokenKind.Identifier)
        {
            ParseType(0);
            Expect(TokenKind.Assign, "'::='");
            if (Peek.Kind is TokenKind.LeftBrace)
            {
                SkipBalanced();
            }
            else
            {
                Next();
            }

            return;
        }

        throw Error(t, $"expected OBJECT IDENTIFIER, a macro such as OBJECT-TYPE, or '::=' after {nameToken.Text}, found {t.Describe()}");
    }

    private void ParseClauses(Definition d, bool stopAtUnknown)
    {
        bool shallow = d.Kind is DefinitionKind.ModuleCompliance or DefinitionKind.AgentCapabilities;
        while (true)
        {
            var t = Peek;
            if (t.Kind == TokenKind.Assign || t.Kind == TokenKind.EndOfInput)
            {
                return;
            }

            if (t.Kind != TokenKind.Identifier || !ClauseKeywords.Contains(t.Text))
            {
                if (stopAtUnknown)
                {
                    return;
                }

                Warn(t, $"unknown clause {t.Describe()} in {d.Kind} {d.Name} skipped");
                SkipUntilClause();
                continue;
            }

            if (shallow && t.Text is "MODULE" or "SUPPORTS")
            {
                ParseConformanceParts(d);
                continue;
            }

            Next();
            switch (t.Text)
            {
                case "SYNTAX":
                    d.Syntax = ParseType(0);
                    break;
                case "WRITE-SYNTAX":
                    ParseType(0);
                    break;
                case "UNITS":
                    d.Units = Expect(TokenKind.QuotedString, "a quoted string after UNITS").Text;
                    break;
                case "MAX-ACCESS" or "ACCESS" or "MIN-ACCESS":
                    d.Access = ParseAccess(t.Text);
                    break;
                case "STATUS":
                    d.Status = Expect(TokenKind.Identifier, "a status after STATUS").Text;
                    break;
                case "DESCRIPTION":
                    var description = Expect(TokenKind.QuotedString, "a quoted string after DESCRIPTION").Text;
                    d.Description ??= description;
                    break;
                case "REFERENCE":
                    d.Reference ??= Expect(TokenKind.QuotedString, "a quoted string after REFERENCE").Text;
                    break;
                case "DISPLAY-HINT":
                    d.DisplayHint = Expect(TokenKind.QuotedString, "a quoted string after DISPLAY-HINT").Text;
                    break;
                case "LAST-UPDATED" or "ORGANIZATION" or "CONTACT-INFO" or "REVISION" or "PRODUCT-RELEASE":
                    Expect(TokenKind.QuotedString, $"a quoted string after {t.Text}");
                    break;
                case "INDEX":
                    d.Index = ParseIndex();
                    break;
                case "AUGMENTS":
                    Expect(TokenKind.LeftBrace, "'{' after AUGMENTS");
                    d.Augments = Expect(TokenKind.Identifier, "the augmented row's name").Text;
                    Expect(TokenKind.RightBrace, "'}' after the augmented row");
                    break;
                case "DEFVAL":
                    if (Peek.Kind != TokenKind.LeftBrace)
                    {
                        throw Error(Peek, $"expected '{{' after DEFVAL, found {Peek.Describe()}");
                    }

                    d.DefVal = BalancedText();
                    break;
                case "OBJECTS" or "VARIABLES" or "NOTIFICATIONS" or "MANDATORY-GROUPS" or "INCLUDES" or "CREATION-REQUIRES":
                    var names = ParseNameList(t.Text);
                    if (t.Text is "OBJECTS" or "VARIABLES" or "NOTIFICATIONS")
                    {
                        d.Objects = names;
                    }

                    break;
                case "ENTERPRISE":
                    if (Peek.Kind == TokenKind.LeftBrace)
                    {
                        // An OID value as the enterprise: keep its last name.
                        var oid = ParseOidValue();
                        d.Enterprise = oid.Count == 1 ? oid[0].Name : null;
                        d.EnterpriseToken = t;
                        if (d.Enterprise is null)
                        {
                            throw Error(t, "ENTERPRISE must name one object identifier");
                        }
                    }
                    else
                    {
                        var e = Expect(TokenKind.Identifier, "the enterprise after ENTERPRISE");
                        d.Enterprise = e.Text;
                        d.EnterpriseToken = e;
                    }

                    break;
                default:
                    // GROUP, OBJECT, VARIATION outside a MODULE / SUPPORTS part: skip what follows.
                    SkipUntilClause();
                    break;
            }
        }
    }

    /// <summary>An access value; one RFC 2578 7.3 / RFC 1212 4.1.3 / RFC 2580 does not name is an error (Net-SNMP drops the whole definition, we keep it).</summary>
    private string ParseAccess(string clause)
    {
        var access = Expect(TokenKind.Identifier, $"an access after {clause}");
        if (access.Text is not ("read-only" or "read-write" or "read-create" or "not-accessible" or "accessible-for-notify" or "write-only" or "not-implemented"))
        {
            _module?.Diagnostics.Add(new MibDiagnostic(MibSeverity.Error, _file, access.Line, access.Column, $"{access.Text} is not an access value of {clause}"));
        }

        return access.Text;
    }

    /// <summary>
    /// The MODULE parts of a MODULE-COMPLIANCE (RFC 2580 5.4: an optional module name and OID,
    /// MANDATORY-GROUPS, then GROUP and OBJECT clauses) or the SUPPORTS parts of an AGENT-CAPABILITIES
    /// (RFC 2580 6.5: a module name and optional OID, INCLUDES, then VARIATION clauses), up to '::='.
    /// </summary>
    private void ParseConformanceParts(Definition d)
    {
        d.Conformance ??= [];
        while (Peek.Kind == TokenKind.Identifier && Peek.Text is "MODULE" or "SUPPORTS")
        {
            Next();
            string? module = null;
            if (Peek.Kind == TokenKind.Identifier && !ClauseKeywords.Contains(Peek.Text))
            {
                module = Next().Text;
            }

            if (Peek.Kind == TokenKind.LeftBrace)
            {
                SkipBalanced(); // the module's OBJECT IDENTIFIER value
            }

            var part = new ConformancePart(module);
            d.Conformance.Add(part);
            while (Peek.Kind == TokenKind.Identifier)
            {
                var t = Peek;
                if (t.Text is "MANDATORY-GROUPS" or "INCLUDES")
                {
                    Next();
                    part.Groups.AddRange(ParseNameList(t.Text));
                    continue;
                }

                var kind = t.Text switch
                {
                    "GROUP" => MibConformanceItemKind.Group,
                    "OBJECT" => MibConformanceItemKind.Object,
                    "VARIATION" => (MibConformanceItemKind?)MibConformanceItemKind.Variation,
                    _ => null,
                };
                if (kind is null)
                {
                    break;
                }

                Next();
                var item = new ConformanceItemSyntax(kind.Value, Expect(TokenKind.Identifier, $"a name after {t.Text}").Text);
                part.Items.Add(item);
                while (Peek.Kind == TokenKind.Identifier)
                {
                    var c = Peek;
                    switch (c.Text)
                    {
                        case "SYNTAX":
                            Next();
                            item.Syntax = ParseType(0);
                            continue;
                        case "WRITE-SYNTAX":
                            Next();
                            item.WriteSyntax = ParseType(0);
                            continue;
                        case "MIN-ACCESS" or "ACCESS":
                            Next();
                            item.Access = ParseAccess(c.Text);
                            continue;
                        case "CREATION-REQUIRES":
                            Next();
                            item.CreationRequires.AddRange(ParseNameList(c.Text));
                            continue;
                        case "DEFVAL":
                            Next();
                            if (Peek.Kind != TokenKind.LeftBrace)
                            {
                                throw Error(Peek, $"expected '{{' after DEFVAL, found {Peek.Describe()}");
                            }

                            item.DefVal = BalancedText();
                            continue;
                        case "DESCRIPTION":
                            Next();
                            item.Description = Expect(TokenKind.QuotedString, "a quoted string after DESCRIPTION").Text;
                            continue;
                    }

                    break;
                }
            }
        }
    }

    private List<IndexItem> ParseIndex()
    {
        Expect(TokenKind.LeftBrace, "'{' after INDEX");
        var items = new List<IndexItem>();
        while (true)
        {
            var t = Next();
            if (t.Kind == TokenKind.RightBrace)
            {
                return items;
            }

            if (t.Kind == TokenKind.Comma)
            {
                continue;
            }

            if (t.Kind != TokenKind.Identifier)
            {
                throw Error(t, $"expected an index object in INDEX, found {t.Describe()}");
            }

            bool implied = false;
            if (t.Is("IMPLIED"))
            {
                implied = true;
                t = Expect(TokenKind.Identifier, "an index object after IMPLIED");
            }

            // RFC 1212 4.1.6 allows a type as an index item ("OCTET STRING", "OBJECT IDENTIFIER", "NetworkAddress").
            var name = t.Text;
            if ((t.Is("OCTET") && Peek.Is("STRING")) || (t.Is("OBJECT") && Peek.Is("IDENTIFIER")))
            {
                name += " " + Next().Text;
            }

            if (Peek.Kind == TokenKind.LeftParen)
            {
                SkipBalanced();
            }

            items.Add(new IndexItem(name, implied));
        }
    }

    private List<string> ParseNameList(string clause)
    {
        Expect(TokenKind.LeftBrace, $"'{{' after {clause}");
        var names = new List<string>();
        while (true)
        {
            var t = Next();
            if (t.Kind == TokenKind.RightBrace)
            {
                return names;
            }

            if (t.Kind == TokenKind.Comma)
            {
                continue;
            }

            if (t.Kind != TokenKind.Identifier)
            {
                throw Error(t, $"expected a name in {clause}, found {t.Describe()}");
            }

            names.Add(t.Text);
        }
    }

    /// <summary>An OBJECT IDENTIFIER value "{ parent 1 }", "{ iso org(3) dod(6) 1 }" (X.208 section 28).</summary>
    private List<OidComponent> ParseOidValue()
    {
        var open = Expect(TokenKind.LeftBrace, "'{' opening an OBJECT IDENTIFIER value");
        var components = new List<OidComponent>();
        while (true)
        {
            var t = Next();
            switch (t.Kind)
            {
                case TokenKind.RightBrace:
                    if (components.Count == 0)
                    {
                        throw Error(open, "empty OBJECT IDENTIFIER value");
                    }

                    return components;
                case TokenKind.Number:
                    components.Add(new OidComponent(null, ParseSubIdentifier(t), t));
                    break;
                case TokenKind.Identifier:
                    var name = t.Text;
                    if (Peek.Kind == TokenKind.Dot && PeekAt(1).Kind == TokenKind.Identifier)
                    {
                        // Module.name: keep the name.
                        Next();
                        name = Next().Text;
                    }

                    if (Peek.Kind == TokenKind.LeftParen)
                    {
                        Next();
                        var number = Expect(TokenKind.Number, $"a number in {name}(n)");
                        Expect(TokenKind.RightParen, "')'");
                        components.Add(new OidComponent(name, ParseSubIdentifier(number), t));
                    }
                    else
                    {
                        components.Add(new OidComponent(name, null, t));
                    }

                    break;
                case TokenKind.Comma:
                    Warn(t, "comma inside an OBJECT IDENTIFIER value");
                    break;
                default:
                    throw Error(t, $"expected a name or number in an OBJECT IDENTIFIER value, found {t.Describe()}");
            }
        }
    }

    private uint ParseSubIdentifier(Token number)
    {
        if (number.Text.StartsWith('-') || !uint.TryParse(number.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(number, $"sub-identifier {Shorten(number.Text)} is not between 0 and 4294967295");
        }

        return value;
    }

    private static string Shorten(string s) => s.Length > 24 ? s[..24] + "..." : s;

    /// <summary>A type (RFC 2578 7.1, X.208): built-in, tagged, referenced, with ranges, sizes or named numbers.</summary>
    private TypeSyntax ParseType(int depth)
    {
        var t = Next();
        if (depth > MaxNesting)
        {
            throw Error(t, $"types nested deeper than {MaxNesting}");
        }

        var type = new TypeSyntax(t);
        if (t.Kind == TokenKind.LeftBracket)
        {
            int? tag = null;
            bool application = false;
            while (Peek.Kind is not (TokenKind.RightBracket or TokenKind.EndOfInput))
            {
                var x = Next();
                if (x.Is("APPLICATION"))
                {
                    application = true;
                }
                else if (x.Kind == TokenKind.Number && int.TryParse(x.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    tag = n;
                }
            }

            Expect(TokenKind.RightBracket, "']'");
            if (Peek.Is("IMPLICIT") || Peek.Is("EXPLICIT"))
            {
                Next();
            }

            var inner = ParseType(depth + 1);
            if (application)
            {
                inner.ApplicationTag = tag;
            }

            return inner;
        }

        if (t.Kind != TokenKind.Identifier)
        {
            throw Error(t, $"expected a type, found {t.Describe()}");
        }

        switch (t.Text)
        {
            case "INTEGER":
                type.Name = "INTEGER";
                break;
            case "OCTET":
                ExpectWord("STRING");
                type.Name = "OCTET STRING";
                break;
            case "OBJECT":
                ExpectWord("IDENTIFIER");
                type.Name = "OBJECT IDENTIFIER";
                break;
            case "BITS":
                type.Name = "BITS";
                break;
            case "NULL":
                type.Name = "NULL";
                return type;
            case "SEQUENCE" when Peek.Is("OF"):
                Next();
                type.Name = "SEQUENCE OF";
                type.ElementType = ParseType(depth + 1);
                return type;
            case "SEQUENCE" or "CHOICE":
                type.Name = t.Text;
                type.Fields = ParseFields(depth);
                return type;
            default:
                type.Name = t.Text;
                type.IsReference = true;
                if (Peek.Kind == TokenKind.Dot && PeekAt(1).Kind == TokenKind.Identifier)
                {
                    Next();
                    type.ReferenceModule = t.Text;
                    type.Name = Next().Text;
                }

                break;
        }

        if (Peek.Kind == TokenKind.LeftBrace)
        {
            type.NamedNumbers = ParseNamedNumbers();
        }
        else if (Peek.Kind == TokenKind.LeftParen)
        {
            ParseConstraint(type);
        }

        return type;
    }

    private List<(string Name, TypeSyntax Type)> ParseFields(int depth)
    {
        Expect(TokenKind.LeftBrace, "'{'");
        var fields = new List<(string, TypeSyntax)>();
        while (true)
        {
            var t = Next();
            if (t.Kind == TokenKind.RightBrace)
            {
                return fields;
            }

            if (t.Kind == TokenKind.Comma)
            {
                continue;
            }

            if (t.Kind != TokenKind.Identifier)
            {
                throw Error(t, $"expected a field name, found {t.Describe()}");
            }

            // CHOICE alternatives in SNMPv2-SMI may be bare types ("simple ObjectSyntax" style): a name then a type.
            fields.Add((t.Text, ParseType(depth + 1)));
            if (Peek.Kind == TokenKind.Identifier)
            {
                Warn(Peek, "missing comma between fields");
            }
        }
    }

    private List<(string Name, long Value)> ParseNamedNumbers()
    {
        var open = Expect(TokenKind.LeftBrace, "'{'");
        var list = new List<(string, long)>();
        while (true)
        {
            var t = Next();
            if (t.Kind == TokenKind.RightBrace)
            {
                if (list.Count == 0)
                {
                    throw Error(open, "empty list of named numbers");
                }

                return list;
            }

            if (t.Kind == TokenKind.Comma)
            {
                continue;
            }

            if (t.Kind != TokenKind.Identifier)
            {
                throw Error(t, $"expected name(number), found {t.Describe()}");
            }

            Expect(TokenKind.LeftParen, $"'(' after {t.Text}");
            var number = Expect(TokenKind.Number, $"a number in {t.Text}(n)");
            if (!long.TryParse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                throw Error(number, $"number {Shorten(number.Text)} is out of range");
            }

            Expect(TokenKind.RightParen, "')'");
            list.Add((t.Text, value));
        }
    }

    private void ParseConstraint(TypeSyntax type)
    {
        Expect(TokenKind.LeftParen, "'('");
        if (Peek.Is("SIZE"))
        {
            Next();
            Expect(TokenKind.LeftParen, "'(' after SIZE");
            type.Sizes = ParseRanges();
            Expect(TokenKind.RightParen, "')' closing SIZE");
        }
        else
        {
            type.Ranges = ParseRanges();
        }

        Expect(TokenKind.RightParen, "')' closing the range");
    }

    private List<(BigInteger, BigInteger)> ParseRanges()
    {
        var ranges = new List<(BigInteger, BigInteger)>();
        while (true)
        {
            var low = ParseBound();
            var high = low;
            if (Peek.Kind == TokenKind.Range)
            {
                Next();
                high = ParseBound();
            }

            ranges.Add((low, high));
            if (Peek.Kind != TokenKind.Bar)
            {
                return ranges;
            }

            Next();
        }
    }

    private BigInteger ParseBound()
    {
        var t = Next();
        switch (t.Kind)
        {
            case TokenKind.Number when t.Text.Length <= 40:
                return BigInteger.Parse(t.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            case TokenKind.HexString when t.Text.Length is > 0 and <= 32:
                return BigInteger.Parse("0" + t.Text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            case TokenKind.BinaryString when t.Text.Length is > 0 and <= 128:
                BigInteger v = 0;
                foreach (char c in t.Text)
                {
                    v = (v << 1) + (c - '0');
                }

                return v;
            case TokenKind.Identifier when t.Is("MIN"):
                return long.MinValue;
            case TokenKind.Identifier when t.Is("MAX"):
                return ulong.MaxValue;
            default:
                throw Error(t, $"expected a range bound, found {t.Describe()}");
        }
    }

    /// <summary>The text of a balanced "{ ... }" without the outer braces, tokens joined by single spaces (quoted strings keep their quotes).</summary>
    private string BalancedText()
    {
        var open = Next();
        var sb = new StringBuilder();
        int depth = 1;
        while (true)
        {
            var t = Next();
            switch (t.Kind)
            {
                case TokenKind.EndOfInput:
                    throw Error(open, "'{' not closed before the end of the file");
                case TokenKind.LeftBrace:
                    depth++;
                    break;
                case TokenKind.RightBrace:
                    if (--depth == 0)
                    {
                        return sb.ToString();
                    }

                    break;
            }

            if (sb.Length > 0 && t.Kind is not (TokenKind.RightParen or TokenKind.Comma) && sb[^1] != '(')
            {
                sb.Append(' ');
            }

            sb.Append(t.Kind switch
            {
                TokenKind.QuotedString => "\"" + t.Text + "\"",
                TokenKind.HexString => "'" + t.Text + "'H",
                TokenKind.BinaryString => "'" + t.Text + "'B",
                _ => t.Text,
            });
        }
    }

    /// <summary>Skips a balanced "{...}" or "(...)" group, iteratively (deep nesting cannot overflow the stack).</summary>
    private void SkipBalanced()
    {
        var open = Next();
        int depth = 1;
        while (depth > 0)
        {
            var t = Next();
            switch (t.Kind)
            {
                case TokenKind.EndOfInput:
                    throw Error(open, $"'{open.Text}' not closed before the end of the file");
                case TokenKind.LeftBrace or TokenKind.LeftParen:
                    depth++;
                    break;
                case TokenKind.RightBrace or TokenKind.RightParen:
                    depth--;
                    break;
            }
        }
    }

    private void SkipPast(TokenKind kind)
    {
        while (true)
        {
            var t = Next();
            if (t.Kind == kind)
            {
                return;
            }

            if (t.Kind == TokenKind.EndOfInput)
            {
                throw Error(t, $"expected '{kind}' before the end of the file");
            }
        }
    }

    private void SkipUntilClause()
    {
        while (true)
        {
            var t = Peek;
            if (t.Kind is TokenKind.Assign or TokenKind.EndOfInput || (t.Kind == TokenKind.Identifier && ClauseKeywords.Contains(t.Text) && t.Text is not ("OBJECT" or "GROUP")))
            {
                return;
            }

            if (t.Kind is TokenKind.LeftBrace or TokenKind.LeftParen)
            {
                SkipBalanced();
            }
            else
            {
                Next();
            }
        }
    }
}
