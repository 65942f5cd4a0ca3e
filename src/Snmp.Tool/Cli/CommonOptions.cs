using System.Globalization;
using Snmp.Tool.Output;

namespace Snmp.Tool.Cli;

/// <summary>
/// Net-SNMP's common options (snmpcmd(1)) as one command line gives them: version and
/// credentials, retransmission, MIB selection, output options, the application's <c>-C</c>
/// letters, and the operands left over (the agent, then the command's own).
/// </summary>
internal sealed class CommonOptions
{
    /// <summary>The letters that take a value in every command (the application's are added).</summary>
    public const string LettersWithValue = "YmMOIPvrtcZeEnulxXaApTLsSC3";

    /// <summary>The letters that take no value.</summary>
    public const string Flags = "VhHd";

    private CommonOptions()
    {
    }

    public SnmpVersion Version { get; private set; } = SnmpVersion.SNMPv3;

    public bool VersionGiven { get; private set; }

    public string? Community { get; private set; }

    public string? UserName { get; private set; }

    public SecurityLevel? SecurityLevel { get; private set; }

    public AuthenticationProtocol? AuthProtocol { get; private set; }

    public string? AuthPassphrase { get; private set; }

    public PrivacyProtocol? PrivProtocol { get; private set; }

    public string? PrivPassphrase { get; private set; }

    public OctetString? SecurityEngineId { get; private set; }

    /// <summary>
    /// Every -u in order, each with the -a, -A, -x and -X that follow it before the next -u (those
    /// before the first -u are the first user's): the several SNMPv3 users of <c>snmp sim</c>, as
    /// snmpsimd's repeated --v3-user with its own keys and protocols. The other commands use
    /// <see cref="UserName"/> and the last of each option, as Net-SNMP does.
    /// </summary>
    public IReadOnlyList<UserCredentials> Users => _users;

    private readonly List<UserCredentials> _users = [];

    private readonly UserCredentials _firstUser = new();

    private UserCredentials CurrentUser => _users.Count > 0 ? _users[^1] : _firstUser;

    public OctetString? ContextEngineId { get; private set; }

    public string? Context { get; private set; }

    /// <summary>-t: seconds to wait for each try (Net-SNMP's default 1).</summary>
    public double TimeoutSeconds { get; private set; } = 1;

    /// <summary>-r: retransmissions after the first try (Net-SNMP's default 5).</summary>
    public int Retries { get; private set; } = 5;

    /// <summary>-m: the MIB modules asked for (null: the default selection).</summary>
    public string? MibModules { get; private set; }

    /// <summary>-M: the MIB search path (null: the default).</summary>
    public string? MibDirectories { get; private set; }

    public OutputOptions Output { get; } = new();

    /// <summary>Every -C value, in order (the application reads its letters).</summary>
    public IReadOnlyList<string> ApplicationOptions => _applicationOptions;

    private readonly List<string> _applicationOptions = [];

    /// <summary>For each of <see cref="ApplicationOptions"/>, the index in <see cref="Operands"/> of the word that followed it.</summary>
    public IReadOnlyList<int> ApplicationOptionPositions => _applicationOptionPositions;

    private readonly List<int> _applicationOptionPositions = [];

    /// <summary>Every -I value (input options; translate reads R).</summary>
    public IReadOnlyList<string> InputOptions => _inputOptions;

    private readonly List<string> _inputOptions = [];

    /// <summary>Every -T value (snmptranslate's letters; the transport parameters elsewhere).</summary>
    public IReadOnlyList<string> TranslateOptions => _translateOptions;

    private readonly List<string> _translateOptions = [];

    /// <summary>The command's own long options given (--name=value; "" when no value).</summary>
    public IReadOnlyDictionary<string, string> LongOptions => _longOptions;

    private readonly Dictionary<string, string> _longOptions = new(StringComparer.Ordinal);

    /// <summary>--json: one JSON object per varbind instead of Net-SNMP's lines.</summary>
    public bool Json { get; private set; }

    public bool Help { get; private set; }

    /// <summary>-Z boots,time: the authoritative engine's snmpEngineBoots and snmpEngineTime.</summary>
    public (int Boots, int Time)? EngineTime { get; private set; }

    /// <summary>-d: dump every packet sent and received on standard error, as Net-SNMP does.</summary>
    public bool DumpPackets { get; private set; }

    public bool ShowVersion { get; private set; }

    /// <summary>The operands: the agent first, for the commands that take one.</summary>
    public IReadOnlyList<string> Operands { get; private set; } = [];

    /// <summary>The total time a request may take: -t for each of the 1 + -r tries.</summary>
    public TimeSpan TotalTimeout => TimeSpan.FromSeconds(TimeoutSeconds * (Retries + 1));

    public TimeSpan RefreshPeriod => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>Parses a command line with Net-SNMP's wording for every bad value.</summary>
    /// <param name="args">The command's words (after the subcommand).</param>
    /// <param name="program">The Net-SNMP program name the messages carry ("snmpget").</param>
    /// <param name="extraFlags">Letters without a value the command adds.</param>
    /// <param name="valueLetters">The letters that take a value (default <see cref="LettersWithValue"/>).</param>
    /// <param name="longOptions">The command's own long options (--name=value), beside --json, --help and --version.</param>
    public static CommonOptions Parse(IReadOnlyList<string> args, string program, string extraFlags = "", string? valueLetters = null, IReadOnlyCollection<string>? longOptions = null)
    {
        var parsed = ArgumentReader.Read(args, valueLetters ?? LettersWithValue, Flags + extraFlags, program);
        var options = new CommonOptions { Operands = parsed.Operands };
        foreach (var (name, value) in parsed.LongOptions)
        {
            switch (name)
            {
                case "json" when value is null:
                    options.Json = true;
                    break;
                case "help":
                    options.Help = true;
                    break;
                case "version":
                    options.ShowVersion = true;
                    break;
                case var own when longOptions?.Contains(own) == true:
                    options._longOptions[own] = value ?? "";
                    break;
                case var token when value is not null && Array.Exists(TlsSettings.ConfigTokens, t => t.Equals(token, StringComparison.OrdinalIgnoreCase)):
                    // snmp.conf tokens Net-SNMP takes as --token=value (the TLS certificates: TlsSettings).
                    options._longOptions[Array.Find(TlsSettings.ConfigTokens, t => t.Equals(token, StringComparison.OrdinalIgnoreCase))!] = value;
                    break;
                default:
                    throw new ToolException($"{program}: unrecognized option '--{name}'", 1, showUsage: true);
            }
        }

        for (int i = 0; i < parsed.Options.Count; i++)
        {
            var (letter, value) = parsed.Options[i];
            if (letter == 'C')
            {
                options._applicationOptionPositions.Add(i < parsed.OperandsBefore.Count ? parsed.OperandsBefore[i] : parsed.Operands.Count);
            }

            options.Apply(letter, value);
        }

        return options;
    }

    /// <summary>Extra flags a command declared (their letters, in order).</summary>
    public IReadOnlyList<char> CommandFlags => _commandFlags;

    private readonly List<char> _commandFlags = [];

    private void Apply(char letter, string? value)
    {
        switch (letter)
        {
            case 'v':
                Version = value switch
                {
                    "1" => SnmpVersion.SNMPv1,
                    "2c" or "2" => SnmpVersion.SNMPv2c,
                    "3" => SnmpVersion.SNMPv3,
                    _ => throw Usage($"Invalid version specified after -v flag: {value}"),
                };
                VersionGiven = true;
                break;
            case 'c':
                Community = value;
                break;
            case 'u':
                UserName = value;
                var user = _users.Count == 0 ? _firstUser : new UserCredentials();
                user.Name = value!;
                _users.Add(user);
                break;
            case 'l':
                SecurityLevel = value switch
                {
                    "noAuthNoPriv" or "1" or "nanp" => Snmp.SecurityLevel.NoAuthNoPriv,
                    "authNoPriv" or "2" or "anp" => Snmp.SecurityLevel.AuthNoPriv,
                    "authPriv" or "3" or "ap" => Snmp.SecurityLevel.AuthPriv,
                    _ => throw Usage($"Invalid security level specified after -3l flag: {value}"),
                };
                break;
            case 'a':
                AuthProtocol = AuthenticationProtocolByNetSnmpName(value!) ?? throw Usage($"Invalid authentication protocol specified after -3a flag: {value}");
                CurrentUser.AuthProtocol = AuthProtocol;
                break;
            case 'A':
                AuthPassphrase = value;
                CurrentUser.AuthPassphrase = value;
                break;
            case 'x':
                PrivProtocol = PrivacyProtocolByNetSnmpName(value!) ?? throw Usage($"Invalid privacy protocol specified after -3x flag: {value}");
                CurrentUser.PrivProtocol = PrivProtocol;
                break;
            case 'X':
                PrivPassphrase = value;
                CurrentUser.PrivPassphrase = value;
                break;
            case 'e':
                SecurityEngineId = HexOrThrow(value!, "Bad engine ID value after -3e flag.");
                break;
            case 'E':
                ContextEngineId = HexOrThrow(value!, "Bad engine ID value after -3E flag.");
                break;
            case 'n' when value is null:
                _commandFlags.Add(letter);
                break;
            case 'n':
                Context = value;
                break;
            case 't':
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || double.IsInfinity(seconds))
                {
                    throw Usage("Invalid timeout in seconds after -t flag.");
                }

                TimeoutSeconds = seconds;
                break;
            case 'r':
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var retries))
                {
                    throw Usage("Invalid number of retries after -r flag.");
                }

                Retries = retries;
                break;
            case 'O':
                foreach (char o in value!)
                {
                    if (!Output.Apply(o))
                    {
                        throw Usage($"Unknown output option passed to -O: {o}.");
                    }
                }

                break;
            case 'm':
                MibModules = value;
                break;
            case 'M':
                MibDirectories = value;
                break;
            case 'C':
                _applicationOptions.Add(value!);
                break;
            case 'h':
            case 'H':
                Help = true;
                break;
            case 'V':
                ShowVersion = true;
                break;
            case 'Z':
                ReadEngineTime(value!);
                break;
            case 'I':
                _inputOptions.Add(value!);
                break;
            case 'T':
                _translateOptions.Add(value!);
                break;
            case 'd':
                DumpPackets = true;
                break;
            case 'P' or 'Y' or 'p' or 'L' or 's' or 'S' or '3':
                // Accepted for compatibility; these change nothing this tool does (see the README).
                break;
            default:
                _commandFlags.Add(letter);
                break;
        }
    }

    /// <summary>Net-SNMP's names for -a (and the library's own).</summary>
    public static AuthenticationProtocol? AuthenticationProtocolByNetSnmpName(string name) => name.ToUpperInvariant() switch
    {
        "MD5" => AuthenticationProtocol.HmacMd5,
        "SHA" or "SHA1" or "SHA-1" => AuthenticationProtocol.HmacSha1,
        "SHA-224" or "SHA224" => AuthenticationProtocol.HmacSha224,
        "SHA-256" or "SHA256" => AuthenticationProtocol.HmacSha256,
        "SHA-384" or "SHA384" => AuthenticationProtocol.HmacSha384,
        "SHA-512" or "SHA512" => AuthenticationProtocol.HmacSha512,
        _ => null,
    };

    /// <summary>Net-SNMP's names for -x (and the library's own).</summary>
    public static PrivacyProtocol? PrivacyProtocolByNetSnmpName(string name) => name.ToUpperInvariant() switch
    {
        "DES" => PrivacyProtocol.Des,
        "3DES" => PrivacyProtocol.TripleDes,
        "AES" or "AES128" or "AES-128" => PrivacyProtocol.Aes128,
        "AES192" or "AES-192" => PrivacyProtocol.Aes192,
        "AES256" or "AES-256" => PrivacyProtocol.Aes256,
        "AES192C" or "AES-192-C" => PrivacyProtocol.Aes192Reeder,
        "AES256C" or "AES-256-C" => PrivacyProtocol.Aes256Reeder,
        _ => null,
    };

    private static ToolException Usage(string message) => new(message, 1, showUsage: true);

    // -Z BOOTS,TIME in Net-SNMP's words for each way it can be wrong.
    private void ReadEngineTime(string value)
    {
        int comma = value.IndexOf(',', StringComparison.Ordinal);
        var bootsText = comma < 0 ? value : value[..comma];
        if (!int.TryParse(bootsText, NumberStyles.None, CultureInfo.InvariantCulture, out var boots))
        {
            throw Usage("Need engine boots value after -3Z flag.");
        }

        if (comma < 0)
        {
            // As Net-SNMP 5.9: boots alone, time 0.
            EngineTime = (boots, 0);
            return;
        }

        if (!int.TryParse(value[(comma + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var time))
        {
            throw Usage("Need engine time after \"-3Z engineBoot,\".");
        }

        EngineTime = (boots, time);
    }

    private static OctetString HexOrThrow(string text, string message)
    {
        var hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        try
        {
            if (hex.Length == 0 || hex.Length % 2 != 0)
            {
                throw Usage(message);
            }

            return new OctetString(Convert.FromHexString(hex));
        }
        catch (FormatException)
        {
            throw Usage(message);
        }
    }
}

/// <summary>One SNMPv3 user of a command line: -u and the -a, -A, -x, -X given for it.</summary>
internal sealed class UserCredentials
{
    public string Name { get; set; } = "";

    public AuthenticationProtocol? AuthProtocol { get; set; }

    public string? AuthPassphrase { get; set; }

    public PrivacyProtocol? PrivProtocol { get; set; }

    public string? PrivPassphrase { get; set; }
}
