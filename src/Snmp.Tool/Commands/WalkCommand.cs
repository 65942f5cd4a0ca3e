using System.Diagnostics;
using System.Globalization;
using Snmp.Smi.Modules;
using Snmp.Tool.Cli;
using Snmp.Tool.Output;

namespace Snmp.Tool.Commands;

/// <summary>
/// <c>snmp walk</c> (snmpwalk: GetNext) and <c>snmp bulkwalk</c> (snmpbulkwalk: GetBulk, -Cr
/// max-repetitions, default 10) of a subtree (default mib-2) with the library's walk
/// (<see cref="Manager.Walk(ObjectIdentifier, RequestOptions?)"/>, which asks for the next page
/// while the tool writes this one).
/// -Ci prints the root itself first, -CI skips the Get of the root when the subtree is empty,
/// -Cp counts, -Ct times, -CE stops before an OID; -Cc is accepted (the library always checks
/// that OIDs increase, so a looping agent ends the walk with an error instead).
/// </summary>
internal sealed class WalkCommand(bool bulk) : ManagerCommand
{
    private bool _includeRoot;
    private bool _noGetFallback;
    private bool _count;
    private bool _time;
    private string? _end;
    private int _maxRepetitions = 10;

    public override string Name => bulk ? "bulkwalk" : "walk";

    public override string Program => bulk ? "snmpbulkwalk" : "snmpwalk";

    public override string Operands => "AGENT [OID]";

    public override string Summary => bulk ? "walk a subtree with GetBulk (snmpbulkwalk)" : "walk a subtree with GetNext (snmpwalk)";

    protected override IReadOnlyList<string> ReadApplicationOptions(CommonOptions options, IReadOnlyList<string> operands)
    {
        var rest = operands.ToList();
        foreach (var value in options.ApplicationOptions)
        {
            for (int i = 0; i < value.Length; i++)
            {
                switch (value[i])
                {
                    case 'c':
                        break;
                    case 'i':
                        _includeRoot = true;
                        break;
                    case 'I' when !bulk:
                        _noGetFallback = true;
                        break;
                    case 'p':
                        _count = true;
                        break;
                    case 't' when !bulk:
                        _time = true;
                        break;
                    case 'E' when !bulk:
                        // As snmpwalk: -CE takes the next word.
                        if (rest.Count == 0)
                        {
                            throw new ToolException("Missing end OID after -CE", 1, showUsage: true);
                        }

                        _end = rest[0];
                        rest.RemoveAt(0);
                        break;
                    case 'n' when bulk:
                        BulkGetCommand.Number(value[i..], "non-repeaters");
                        i = value.Length;
                        break;
                    case 'r' when bulk:
                        _maxRepetitions = BulkGetCommand.Number(value[i..], "max-repeaters");
                        i = value.Length;
                        break;
                    default:
                        throw new ToolException($"Unknown flag passed to -C: {value[i]}", 1, showUsage: true);
                }
            }
        }

        return rest;
    }

    protected override object Prepare(IReadOnlyList<string> operands, MibModuleSet mibs, VarBindOutput output)
    {
        if (operands.Count > 1)
        {
            throw new ToolException($"{Program}: Too many object identifiers specified. Only take one OID at a time.", 1, showUsage: true);
        }

        var root = operands.Count == 0 ? ObjectIdentifier.Parse("1.3.6.1.2.1") : ResolveAll(operands, mibs, output)[0];
        if (root.Length < 2)
        {
            // BER cannot carry a one-arc OID (X.690 8.19): the library refuses to send one.
            throw new ToolException($"{Program}: a walk needs a root of at least two arcs ({operands[0]}); walk .1.3 for the whole tree");
        }

        ObjectIdentifier? end = null;
        if (_end is not null)
        {
            end = ResolveAll([_end], mibs, output)[0];
        }

        return (root, end);
    }

    protected override async Task<int> RunAsync(AgentSession session, object prepared, VarBindOutput output, CancellationToken cancellationToken)
    {
        var (root, end) = ((ObjectIdentifier, ObjectIdentifier?))prepared;
        var manager = session.Manager;
        if (bulk && manager.Version == SnmpVersion.SNMPv1)
        {
            throw new ToolException($"{Program}: Cannot send V2 PDU on V1 session");
        }

        manager.WalkMaxRepetitions = bulk ? _maxRepetitions : 0;
        var started = Stopwatch.GetTimestamp();
        var progress = new WalkProgress(output.Console);
        int count = 0;
        ObjectIdentifier? last = null;
        try
        {
            if (_includeRoot)
            {
                var first = manager.Get([root], session.Request)[0];
                if (first.Value is not (NoSuchObject or NoSuchInstance or EndOfMibView))
                {
                    output.Write(first);
                    count++;
                }
            }

            // The library's blocking walk (no pool thread, no asynchronous enumerator per
            // varbind), which asks for the next page as soon as a page has arrived, so the agent
            // works on it while this page is formatted and written. Ctrl-C is seen between varbinds.
            foreach (var vb in manager.Walk(root, session.Request))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (vb.Oid == root && (_noGetFallback || _includeRoot))
                {
                    continue;
                }

                if (end is not null && vb.Oid.CompareTo(end) >= 0)
                {
                    break;
                }

                output.Write(vb);
                progress.Add();
                count++;
                last = vb.Oid;
            }

            if (last is not null && end is null && manager.Version != SnmpVersion.SNMPv1
                && manager.GetNext([last], session.Request)[0] is { Value: EndOfMibView } endOfView)
            {
                // The walk ran to the end of the agent's MIB view: Net-SNMP prints that varbind.
                output.Write(endOfView);
            }

            if (end is null && manager.Version == SnmpVersion.SNMPv1 && AtEndOfMib(manager, last ?? root, session.Request))
            {
                // An SNMPv1 walk that ran to the end of the agent's MIB (noSuchName for the next
                // object, RFC 1157 4.1.3): snmpwalk says so on standard output.
                output.Console.Out.Write("End of MIB\n");
            }

            if (count == 0 && !_noGetFallback && manager.Version != SnmpVersion.SNMPv1)
            {
                // Nothing under the root and the root no instance: snmpwalk prints what a Get of it says.
                var only = manager.Get([root], session.Request)[0];
                if (only.Value is NoSuchObject or NoSuchInstance)
                {
                    output.Write(only);
                }
            }
        }
        catch (SnmpErrorResponseException error)
        {
            progress.End();
            output.Console.Error.Write(Failures.ErrorInPacket(error, output.Printer, setStyle: false) + "\n");
            return 2;
        }
        finally
        {
            progress.End();
        }

        if (_count)
        {
            output.Console.Out.Write(string.Create(CultureInfo.InvariantCulture, $"Variables found: {count}\n"));
        }

        if (_time)
        {
            output.Console.Out.Write(string.Create(CultureInfo.InvariantCulture, $"Total traversal time = {Stopwatch.GetElapsedTime(started).TotalSeconds:0.000000} seconds\n"));
        }

        return 0;
    }

    private static bool AtEndOfMib(Manager manager, ObjectIdentifier after, RequestOptions request)
    {
        try
        {
            manager.GetNext([after], request);
            return false;
        }
        catch (SnmpErrorResponseException error) when (error.ErrorStatus == ErrorStatus.NoSuchName)
        {
            return true;
        }
    }
}
