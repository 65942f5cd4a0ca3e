using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Snmp.Security.Usm;
using Snmp.Smi.Modules;
using Snmp.Tool.Cli;
using Snmp.Tool.Output;

namespace Snmp.Tool.Commands;

/// <summary>
/// <c>snmp usm</c>: snmpusm(1) of Net-SNMP 5.9. Creates, clones, activates, deactivates and
/// deletes an agent's USM users and changes their keys, by Sets on the RFC 3414 usmUserTable,
/// indexed by usmUserEngineID (-CE, else the contextEngineID: -E or the agent's, discovered first
/// as snmpusm probes it) and the user name. Keys cross the wire only as KeyChange values
/// (RFC 3414 section 5), made with the caller's -a hash as snmpusm makes them; <c>changekey</c>
/// is the RFC 2786 Diffie-Hellman exchange (SNMP-USM-DH-OBJECTS-MIB). Messages and exit codes as
/// snmpusm 5.9.3's, which exits 0 after a request it sent failed (it prints why).
/// </summary>
internal sealed class UsmCommand : ManagerCommand
{
    private static readonly ObjectIdentifier UserEntry = "1.3.6.1.6.3.15.1.2.2.1";
    private static readonly ObjectIdentifier DhParameters = "1.3.6.1.3.101.1.1.1.0";
    private static readonly ObjectIdentifier DhUserEntry = "1.3.6.1.3.101.1.1.2.1";

    private const uint SecurityNameColumn = 3, CloneFromColumn = 4, AuthKeyChangeColumn = 6, OwnAuthKeyChangeColumn = 7,
        PrivKeyChangeColumn = 9, OwnPrivKeyChangeColumn = 10, PublicColumn = 11, StatusColumn = 13;

    private bool _auth;
    private bool _priv;
    private bool _localizedKeys;
    private bool _createAndWait;
    private string? _public;
    private OctetString? _userEngineId;

    public override string Name => "usm";

    public override string Program => "snmpusm";

    public override string Operands => "AGENT create|delete|activate|deactivate|cloneFrom|passwd|changekey ...";

    public override string Summary => "create, clone, (de)activate, delete and re-key an agent's USM users (snmpusm)";

    public override string Usage => base.Usage + """

        snmpusm commands:
          [options]               create     USER [CLONEFROM-USER]
          [options]               delete     USER
          [options]               activate   USER
          [options]               deactivate USER
          [options] [-Cw]         cloneFrom  USER CLONEFROM-USER
          [options] [-Ca] [-Cx]   changekey  [USER]
          [options] [-Ca] [-Cx]   passwd     OLD-PASSPHRASE NEW-PASSPHRASE [USER]
          [options] (-Ca|-Cx) -Ck passwd     OLD-KEY-OR-PASS NEW-KEY-OR-PASS [USER]

        snmpusm options:
          -CE ENGINE-ID  usmUserEngineID (default: the contextEngineID, -E or discovered)
          -Cp STRING     usmUserPublic of the (new) user
          -Cw            create with createAndWait
          -Ca, -Cx       change only the authentication (privacy) key
          -Ck            OLD and NEW may be localized keys (0x...)

        """;

    protected override IReadOnlyList<string> ReadApplicationOptions(CommonOptions options, IReadOnlyList<string> operands)
    {
        // As snmpusm: -Cp and -CE take the word after the option, wherever it stands.
        var taken = new SortedSet<int>();
        for (int n = 0; n < options.ApplicationOptions.Count; n++)
        {
            var value = options.ApplicationOptions[n];
            int next = n < options.ApplicationOptionPositions.Count ? options.ApplicationOptionPositions[n] : operands.Count;
            foreach (char letter in value)
            {
                switch (letter)
                {
                    case 'a':
                        _auth = true;
                        break;
                    case 'x':
                        _priv = true;
                        break;
                    case 'k':
                        _localizedKeys = true;
                        break;
                    case 'w':
                        _createAndWait = true;
                        break;
                    case 'p':
                        _public = TakeWord(operands, taken, ref next) ?? throw new ToolException("Bad -Cp option: no argument given", 1);
                        break;
                    case 'E':
                        var text = TakeWord(operands, taken, ref next) ?? throw new ToolException("Bad -CE option: no argument given", 1);
                        _userEngineId = Hex(text) ?? throw new ToolException("Bad usmUserEngineID value after -CE option.", 1);
                        break;
                    default:
                        throw new ToolException($"Unknown flag passed to -C: {letter}", 1);
                }
            }
        }

        return [.. operands.Where((_, i) => !taken.Contains(i))];
    }

    private static string? TakeWord(IReadOnlyList<string> operands, SortedSet<int> taken, ref int next)
    {
        while (taken.Contains(next))
        {
            next++;
        }

        if (next >= operands.Count)
        {
            return null;
        }

        taken.Add(next);
        return operands[next++];
    }

    protected override object Prepare(IReadOnlyList<string> operands, MibModuleSet mibs, VarBindOutput output) =>
        operands.Count == 0 ? throw new ToolException("Please specify an operation to perform.", 1, showUsage: true) : operands;

    protected override async Task<int> RunAsync(AgentSession session, object prepared, VarBindOutput output, CancellationToken cancellationToken)
    {
        var words = (IReadOnlyList<string>)prepared;
        var options = session.Options;
        OctetString contextEngineId;
        try
        {
            // snmpusm opens its session with a probe: the engine ID is known before the Set is built.
            contextEngineId = options.ContextEngineId ?? await session.Manager.DiscoverEngineIdAsync(cancellationToken).ConfigureAwait(false) ?? OctetString.Empty;
        }
        catch (SnmpTimeoutException)
        {
            throw new ToolException($"{Program}: ", 1);
        }

        var engineId = _userEngineId ?? contextEngineId;
        var securityName = options.UserName ?? "";
        var varBinds = new List<VarBind>();
        string done;
        switch (words[0])
        {
            case "passwd":
                securityName = Passwd(words, options, engineId, securityName, varBinds);
                done = "SNMPv3 Key(s) successfully changed.";
                break;
            case "create":
                var user = Operand(words, 1, "You must specify the user name to create", usage: true);
                if (words.Count > 2)
                {
                    varBinds.Add(new VarBind(Column(StatusColumn, engineId, user), new Integer32(_createAndWait ? (int)RowStatus.CreateAndWait : (int)RowStatus.CreateAndGo)));
                    varBinds.Add(new VarBind(Column(CloneFromColumn, engineId, user), Column(SecurityNameColumn, engineId, words[2])));
                }
                else
                {
                    // A user without keys: the agent may refuse to make it active, so it waits.
                    varBinds.Add(new VarBind(Column(StatusColumn, engineId, user), new Integer32((int)RowStatus.CreateAndWait)));
                }

                done = "User successfully created.";
                break;
            case "cloneFrom":
                var target = Operand(words, 1, "You must specify the user name to operate on", usage: true);
                var from = Operand(words, 2, "You must specify the user name to clone from", usage: true);
                varBinds.Add(new VarBind(Column(StatusColumn, engineId, target), new Integer32((int)RowStatus.Active)));
                varBinds.Add(new VarBind(Column(CloneFromColumn, engineId, target), Column(SecurityNameColumn, engineId, from)));
                done = "User successfully cloned.";
                break;
            case "delete":
                varBinds.Add(new VarBind(Column(StatusColumn, engineId, Operand(words, 1, "You must specify the user name to delete")), new Integer32((int)RowStatus.Destroy)));
                done = "User successfully deleted.";
                break;
            case "activate":
                varBinds.Add(new VarBind(Column(StatusColumn, engineId, Operand(words, 1, "You must specify the user name to activate")), new Integer32((int)RowStatus.Active)));
                done = "User successfully activated.";
                break;
            case "deactivate":
                varBinds.Add(new VarBind(Column(StatusColumn, engineId, Operand(words, 1, "You must specify the user name to deactivate")), new Integer32((int)RowStatus.NotInService)));
                done = "User successfully deactivated.";
                break;
            case "changekey":
                bool named = words.Count > 1 && words[1].Length > 0;
                if (named)
                {
                    securityName = words[1];
                }

                if (await ChangeKeyAsync(session, output, engineId, securityName, ownKeys: !named, varBinds, cancellationToken).ConfigureAwait(false) is { } failed)
                {
                    return failed;
                }

                done = "SNMPv3 Key(s) successfully changed.";
                break;
            default:
                throw new ToolException("Unknown command", 1, showUsage: true);
        }

        if (_public is not null)
        {
            varBinds.Add(new VarBind(Column(PublicColumn, engineId, securityName), new OctetString(Encoding.UTF8.GetBytes(_public))));
        }

        try
        {
            await session.Manager.SetAsync(varBinds, session.Request, cancellationToken).ConfigureAwait(false);
            output.Console.Out.Write(done + "\n");
        }
        catch (SnmpErrorResponseException error)
        {
            output.Console.Error.Write(Failures.ErrorInPacket(error, output.Printer, setStyle: true) + "\n");
        }
        catch (Exception e) when (e is SnmpTimeoutException && Failures.Explain(e, "snmpset", session.Peer) is { Message: var text } && text.StartsWith("Timeout:", StringComparison.Ordinal))
        {
            // snmpusm's own line for a timeout: no period after the agent.
            output.Console.Error.Write($"Timeout: No Response from {session.Peer}\n");
        }
        catch (Exception e) when (Failures.Explain(e, "snmpset", session.Peer) is { } failure)
        {
            // As snmpusm 5.9.3: snmp_sess_perror("snmpset", ...), and the exit code stays 0.
            output.Console.Error.Write(failure.Message + "\n");
        }

        return 0;
    }

    // passwd OLD NEW [USER]: KeyChange values for the user's usmUserAuthKeyChange/usmUserPrivKeyChange
    // (or the caller's own usmUserOwn*KeyChange when no user is named), localized for engineId with
    // the caller's -a hash (MD5 when none), as snmpusm makes them.
    private string Passwd(IReadOnlyList<string> words, CommonOptions options, OctetString engineId, string securityName, List<VarBind> varBinds)
    {
        var oldPass = words.ElementAtOrDefault(1);
        var newPass = words.ElementAtOrDefault(2);
        var user = words.ElementAtOrDefault(3);
        if (!_auth && !_priv)
        {
            _auth = _priv = true;
        }

        if (newPass is null || newPass.Length < 8)
        {
            throw new ToolException("New passphrase must be greater than 8 characters in length.", 1);
        }

        if (oldPass is null || oldPass.Length < 8)
        {
            throw new ToolException("Old passphrase must be greater than 8 characters in length.", 1);
        }

        bool own = string.IsNullOrEmpty(user);
        if (!own)
        {
            securityName = user!;
        }

        var auth = options.AuthProtocol ?? AuthenticationProtocol.HmacMd5;
        var oldKey = LocalizedKey(auth, oldPass, engineId, "old", out var oldKu);
        var newKey = LocalizedKey(auth, newPass, engineId, "new", out var newKu);
        if (_priv && options.PrivProtocol is null)
        {
            throw new ToolException("no encryption type specified, which I need in order to know to change the key", 1);
        }

        if (_auth)
        {
            varBinds.Add(new VarBind(Column(own ? OwnAuthKeyChangeColumn : AuthKeyChangeColumn, engineId, securityName), new OctetString(Encode(auth, oldKey, newKey))));
        }

        if (_priv)
        {
            var priv = options.PrivProtocol!;
            var oldPriv = oldKu is null ? oldKey[..Math.Min(oldKey.Length, priv.KeyLength)] : priv.LocalizeKey(auth, oldKu, engineId.Span);
            var newPriv = newKu is null ? newKey[..Math.Min(newKey.Length, priv.KeyLength)] : priv.LocalizeKey(auth, newKu, engineId.Span);
            varBinds.Add(new VarBind(Column(own ? OwnPrivKeyChangeColumn : PrivKeyChangeColumn, engineId, securityName), new OctetString(Encode(auth, oldPriv, newPriv))));
        }

        return securityName;
    }

    // A pass phrase localized for the engine, or with -Ck a localized key given as 0x... (ku null then).
    private byte[] LocalizedKey(AuthenticationProtocol auth, string text, OctetString engineId, string which, out byte[]? ku)
    {
        if (_localizedKeys && text.StartsWith("0x", StringComparison.Ordinal))
        {
            ku = null;
            return Hex(text)?.ToArray() ?? throw new ToolException($"snmpusm: \ngenerating the {which} Kul from localized key failed", 1);
        }

        ku = auth.PasswordToKey(Encoding.UTF8.GetBytes(text));
        return auth.LocalizeKey(ku, engineId.Span);
    }

    private static byte[] Encode(AuthenticationProtocol auth, byte[] oldKey, byte[] newKey)
    {
        if (oldKey.Length != newKey.Length || oldKey.Length == 0)
        {
            throw new ToolException("snmpusm: \nencoding the keychange failed", 1, showUsage: true);
        }

        return KeyChange.Compute(auth, oldKey, newKey, RandomNumberGenerator.GetBytes(oldKey.Length));
    }

    // changekey [USER]: RFC 2786's exchange. Reads usmDHParameters and the agent's public values,
    // answers with its own, and prints the keys both sides now share.
    private async Task<int?> ChangeKeyAsync(AgentSession session, VarBindOutput output, OctetString engineId, string securityName, bool ownKeys, List<VarBind> varBinds, CancellationToken cancellationToken)
    {
        if (!_auth && !_priv)
        {
            _auth = _priv = true;
        }

        var columns = new List<uint>();
        if (_auth)
        {
            columns.Add(ownKeys ? 2u : 1u);
        }

        if (_priv)
        {
            columns.Add(ownKeys ? 4u : 3u);
        }

        var names = new List<ObjectIdentifier> { DhParameters };
        names.AddRange(columns.Select(c => DhUserEntry.Append(c).Append(Index(engineId, securityName))));
        VarBindList? answer = null;
        try
        {
            answer = await session.Manager.GetAsync(names, session.Request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SnmpErrorResponseException or SnmpTimeoutException or SnmpReportException)
        {
        }

        if (answer is null || answer.Count != names.Count || answer.Any(vb => vb.Value is not OctetString))
        {
            var why = answer is null ? "" : "\nCan't get diffie-helman exchange from the agent\n  (maybe it doesn't support the SNMP-USM-DH-OBJECTS-MIB MIB)";
            output.Console.Error.Write($"{Program}: {why}\n");
            return 1;
        }

        if (!DiffieHellmanParameters.TryDecode(((OctetString)answer[0].Value).Span, out var parameters))
        {
            return 1;
        }

        var auth = session.Options.AuthProtocol ?? AuthenticationProtocol.HmacMd5;
        for (int i = 0; i < columns.Count; i++)
        {
            var theirs = ((OctetString)answer[i + 1].Value).ToArray();
            bool authKey = columns[i] is 1 or 2;
            int keyLength = authKey ? auth.DigestLength : session.Options.PrivProtocol?.KeyLength ?? 16;
            DiffieHellmanKeyChangeValue change;
            try
            {
                change = DiffieHellmanKeyChange.Compute(parameters, theirs, keyLength);
            }
            catch (ArgumentException)
            {
                output.Console.Error.Write($"{Program}: the agent's diffie-helman value is not one of its parameters\n");
                return 1;
            }

            int mine = change.Value.Length - theirs.Length;
            if (mine != theirs.Length)
            {
                // As snmpusm: both public values must be as long (a z with a leading zero octet is not).
                output.Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"incorrect diffie-helman lengths ({theirs.Length} != {mine})\n"));
                return 0;
            }

            output.Console.Out.Write($"new {(authKey ? "auth" : "priv")} key: 0x{Convert.ToHexStringLower(change.Key)}\n");
            varBinds.Add(new VarBind(names[i + 1], new OctetString(change.Value)));
        }

        return null;
    }

    private static string Operand(IReadOnlyList<string> words, int index, string missing, bool usage = false) =>
        index < words.Count ? words[index] : throw new ToolException(missing, 1, showUsage: usage);

    private static ObjectIdentifier Column(uint column, OctetString engineId, string userName) =>
        UserEntry.Append(column).Append(Index(engineId, userName));

    // usmUserEngineID and usmUserName, each its length then its octets (setup_oid's index).
    private static ObjectIdentifier Index(OctetString engineId, string userName) =>
        new ObjectIdentifier().AppendIndex(IndexValue.String(engineId), IndexValue.String(new OctetString(Encoding.UTF8.GetBytes(userName))));

    private static OctetString? Hex(string text)
    {
        var hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        try
        {
            return hex.Length == 0 || hex.Length % 2 != 0 ? null : new OctetString(Convert.FromHexString(hex));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
