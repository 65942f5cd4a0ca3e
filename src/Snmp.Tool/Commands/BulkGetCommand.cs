using System.Globalization;
using Snmp.Smi.Modules;
using Snmp.Tool.Cli;

namespace Snmp.Tool.Commands;

/// <summary>
/// <c>snmp bulkget</c> (snmpbulkget): one GetBulkRequest (RFC 3416 4.2.3) with -Cn
/// non-repeaters (default 0) and -Cr max-repetitions (default 10).
/// </summary>
internal sealed class BulkGetCommand : ManagerCommand
{
    private int _nonRepeaters;
    private int _maxRepetitions = 10;

    public override string Name => "bulkget";

    public override string Program => "snmpbulkget";

    public override string Operands => "AGENT OID [OID]...";

    public override string Summary => "get the objects after these OIDs, several per request (snmpbulkget)";

    protected override void ReadApplicationOptions(CommonOptions options)
    {
        foreach (var value in options.ApplicationOptions)
        {
            switch (value[0])
            {
                case 'n':
                    _nonRepeaters = Number(value, "non-repeaters");
                    break;
                case 'r':
                    _maxRepetitions = Number(value, "max-repeaters");
                    break;
                default:
                    throw new ToolException($"Unknown flag passed to -C: {value[0]}", 1, showUsage: true);
            }
        }
    }

    internal static int Number(string value, string what) =>
        int.TryParse(value.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ToolException($"No {what} specified", 1, showUsage: true);

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
        if (session.Manager.Version == SnmpVersion.SNMPv1)
        {
            throw new ToolException($"{Program}: Cannot send V2 PDU on V1 session");
        }

        try
        {
            var result = await session.Manager.GetBulkAsync(_nonRepeaters, _maxRepetitions, (ObjectIdentifier[])prepared, session.Request, cancellationToken).ConfigureAwait(false);
            foreach (var vb in result)
            {
                output.Write(vb);
            }

            return 0;
        }
        catch (SnmpErrorResponseException error)
        {
            output.Console.Error.Write(Failures.ErrorInPacket(error, output.Printer, setStyle: false) + "\n");
            return 2;
        }
    }
}
