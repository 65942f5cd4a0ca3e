using Snmp.AbstractServices;

namespace Snmp.Applications.Proxy;

/// <summary>
/// Management target translation (RFC 3413 section 7): turns the incoming management target
/// information of a message (contextEngineID, contextName, messageProcessingModel, securityModel,
/// securityName, securityLevel) into the outgoing one. The agent implements it over its
/// snmpProxyTable and SNMP-TARGET-MIB rows; the <see cref="ProxyForwarder"/> only asks.
/// </summary>
public interface IProxyTargetTranslation
{
    /// <summary>
    /// Section 7.1: the single management target a request of <paramref name="type"/> (read or
    /// write) is forwarded to, readied to send (an SNMPv3 target's engine discovered); null when
    /// no snmpProxyEntry matches or the one chosen names a target that cannot be used (its
    /// reason in <see cref="ProxyTranslation.Reason"/>).
    /// </summary>
    ValueTask<ProxyTranslation> TranslateRequestAsync(ProxyType type, ProcessPduParameters incoming, CancellationToken cancellationToken);

    /// <summary>
    /// Section 7.2: every management target a notification of <paramref name="type"/> (trap or
    /// inform) is forwarded to (empty when no snmpProxyEntry matches), readied to send.
    /// </summary>
    ValueTask<IReadOnlyList<ProxyTarget>> TranslateNotificationAsync(ProxyType type, ProcessPduParameters incoming, CancellationToken cancellationToken);
}

/// <summary>An outgoing management target: the snmpTargetAddrEntry's name, where and how to send, and its timeout and retries.</summary>
/// <param name="Name">snmpTargetAddrName.</param>
/// <param name="Target">transportDomain, transportAddress, messageProcessingModel, securityModel, securityName, securityLevel; the contextEngineID and contextName to send.</param>
/// <param name="Policy">snmpTargetAddrTimeout and snmpTargetAddrRetryCount as a retransmission schedule.</param>
public sealed record ProxyTarget(string Name, SnmpTarget Target, RetransmissionPolicy Policy);

/// <summary>The outcome of translating a request's management target: the target, or why there is none.</summary>
/// <param name="Target">The outgoing management target, or null.</param>
/// <param name="Reason">Why there is none (for the log); null with a target.</param>
public sealed record ProxyTranslation(ProxyTarget? Target, string? Reason)
{
    /// <summary>A translation to <paramref name="target"/>.</summary>
    public static ProxyTranslation To(ProxyTarget target) => new(target, null);

    /// <summary>No outgoing management target, for <paramref name="reason"/>.</summary>
    public static ProxyTranslation None(string reason) => new(null, reason);
}
