using Snmp.Tool.Cli;

namespace Snmp.Tool.Commands;

/// <summary>
/// <c>snmp usm</c> (snmpusm): not yet. Creating, cloning and re-keying users over SNMP needs the
/// agent side of the RFC 3414 usmUserTable (the configuration-MIB work); until it lands the
/// command says so and exits 1.
/// </summary>
internal sealed class UsmCommand : ToolCommand
{
    public override string Name => "usm";

    public override string Program => "snmpusm";

    public override string Operands => "AGENT create|delete|clone|passwd ...";

    public override string Summary => "manage an agent's USM users (snmpusm): not yet available";

    public override Task<int> RunAsync(CommonOptions options, ToolConsole console, CancellationToken cancellationToken) =>
        throw new ToolException("snmp usm: not yet available: managing USM users over SNMP (RFC 3414 usmUserTable, snmpusm) waits for the configuration MIBs; use snmpusm meanwhile", 1);
}
