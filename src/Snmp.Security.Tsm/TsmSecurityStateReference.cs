using Snmp.AbstractServices;
using Snmp.Messages;

namespace Snmp.Security.Tsm;

/// <summary>
/// tsmSecurityStateReference (RFC 5591 5.2 step 5): the tmStateReference an incoming message
/// came with (cachedSecurityData), so that its response or Report leaves over the same session
/// with the same security (RFC 5591 4.2 step 1).
/// </summary>
/// <param name="TmStateReference">The incoming message's tmStateReference.</param>
/// <param name="SecurityLevel">The message's securityLevel (from msgFlags).</param>
internal sealed record TsmSecurityStateReference(TransportStateReference TmStateReference, SecurityLevel SecurityLevel);
