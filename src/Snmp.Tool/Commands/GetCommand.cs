using Snmp.Smi.Modules;
using Snmp.Tool.Cli;

namespace Snmp.Tool.Commands;

/// <summary>
/// <c>snmp get</c> and <c>snmp getnext</c> (snmpget, snmpgetnext): one GetRequest or
/// GetNextRequest (RFC 3416 4.2.1, 4.2.2) for every OID, the answers printed. As Net-SNMP does
/// unless -Cf, a Response with an error-status is reported ("Error in packet", exit 2) and the
/// request sent again without the object it names, so the others still print.
/// </summary>
internal sealed class GetCommand(GetCommand.Kind kind) : ManagerCommand
{
    public enum Kind
    {
        Get,
        GetNext,
    }

    private bool _noFix;

    public override string Name => kind == Kind.Get ? "get" : "getnext";

    public override string Program => kind == Kind.Get ? "snmpget" : "snmpgetnext";

    public override string Operands => "AGENT OID [OID]...";

    public override string Summary => kind == Kind.Get ? "get the values of objects (snmpget)" : "get the objects that follow these OIDs (snmpgetnext)";

    protected override void ReadApplicationOptions(CommonOptions options)
    {
        foreach (var value in options.ApplicationOptions)
        {
            foreach (var c in value)
            {
                if (c != 'f')
                {
                    throw new ToolException($"Unknown flag passed to -C: {c}", 1, showUsage: true);
                }

                _noFix = true;
            }
        }
    }

    protected override object Prepare(IReadOnlyList<string> operands, MibModuleSet mibs, VarBindOutput output)
    {
        if (operands.Count == 0)
        {
            throw new ToolException("Missing object name", 1, showUsage: true);
        }

        return ResolveAll(operands, mibs, output);
    }

    protected override async Task<int> RunAsync(AgentSession session, object prepared, VarBindOutput output, CancellationToken cancellationToken)
    {
        var oids = ((ObjectIdentifier[])prepared).ToList();
        int exit = 0;
        while (oids.Count > 0)
        {
            try
            {
                // The blocking forms: the command's thread reads its own answer (one wake-up, as
                // snmpget), where the asynchronous ones would start a pool thread for it.
                cancellationToken.ThrowIfCancellationRequested();
                var result = kind == Kind.Get
                    ? session.Manager.Get(oids, session.Request)
                    : session.Manager.GetNext(oids, session.Request);
                foreach (var vb in result)
                {
                    output.Write(vb);
                }

                return exit;
            }
            catch (SnmpErrorResponseException error)
            {
                output.Console.Error.Write(Failures.ErrorInPacket(error, output.Printer, setStyle: false) + "\n");
                exit = 2;
                if (_noFix || error.ErrorIndex < 1 || error.ErrorIndex > oids.Count)
                {
                    return exit;
                }

                oids.RemoveAt(error.ErrorIndex - 1);
            }
        }

        return exit;
    }
}
