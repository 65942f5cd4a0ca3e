using Microsoft.Extensions.Logging;
using Snmp.AbstractServices;
using Snmp.Applications;
using Snmp.Composition;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Smi;

namespace Snmp;

/// <summary>
/// An agent's notification generation (RFC 3413 section 3.3 with the target selection of
/// section 4): sends each notification to every <see cref="NotificationTarget"/> whose filter
/// passes it, as a trap or a retransmitted inform. A failed target is logged and counted, never
/// thrown unless asked. Thread-safe.
/// </summary>
internal sealed class AgentNotifications(NotificationOriginator originator, TransportMappingFactories transports, Func<TimeTicks> sysUpTime, ILogger logger)
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private List<(NotificationTarget Target, SnmpTarget Snmp)> _targets = [];
    private long _failures;

    /// <summary>Notifications that did not reach a target (a send that failed, an inform not acknowledged).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Adds a target (snmpTargetAddrEntry + snmpTargetParamsEntry + snmpNotifyEntry).</summary>
    public void Add(NotificationTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Version is not (SnmpVersion.SNMPv1 or SnmpVersion.SNMPv2c))
        {
            throw new SnmpConfigurationException($"Notification target {target.Address}: {target.Version} is not supported here (SNMPv1 and SNMPv2c are).");
        }

        if (target.Inform && target.Version == SnmpVersion.SNMPv1)
        {
            throw new SnmpConfigurationException($"Notification target {target.Address}: SNMPv1 has no InformRequest (RFC 3584 section 3).");
        }

        ArgumentException.ThrowIfNullOrEmpty(target.Community);
        var (domain, endPoint) = transports.Parse(target.Address, preferredDomain: null, SnmpEntityRole.NotificationReceiver, forListening: false);

        var snmp = SnmpTarget.Community(domain, endPoint, target.Version, new OctetString(target.Community));
        lock (_lock)
        {
            _targets = [.. _targets, (target, snmp)];
        }
    }

    /// <summary>
    /// Sends <paramref name="trapOid"/> to every target it passes the filter of and returns how
    /// many got it (traps sent, informs acknowledged).
    /// </summary>
    /// <exception cref="AggregateException">Only with <paramref name="throwOnFailure"/>: the failures of the targets that did not get it.</exception>
    public async Task<int> SendAsync(ObjectIdentifier trapOid, IEnumerable<VarBind>? varBinds, bool throwOnFailure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trapOid);
        List<(NotificationTarget Target, SnmpTarget Snmp)> targets;
        lock (_lock)
        {
            targets = _targets;
        }

        var notification = NotificationOriginator.Notification(sysUpTime(), trapOid, varBinds?.ToList());
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var sends = targets.Where(t => t.Target.Accepts(trapOid)).Select(t => SendOneAsync(t.Target, t.Snmp, trapOid, notification, linked.Token)).ToList();
        var failures = (await Task.WhenAll(sends).ConfigureAwait(false)).OfType<Exception>().ToList();
        if (throwOnFailure && failures.Count > 0)
        {
            throw new AggregateException($"Notification {trapOid} did not reach {failures.Count} of {sends.Count} targets.", failures);
        }

        return sends.Count - failures.Count;
    }

    /// <summary>Cancels the informs still retransmitting (the agent is stopping).</summary>
    public void Stop() => _stopping.Cancel();

    private async Task<Exception?> SendOneAsync(NotificationTarget target, SnmpTarget snmp, ObjectIdentifier trapOid, VarBindList notification, CancellationToken cancellationToken)
    {
        try
        {
            if (target.Inform)
            {
                await originator.InformAsync(snmp, notification, RetransmissionPolicy.Default, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await originator.SendTrapAsync(snmp, notification, cancellationToken).ConfigureAwait(false);
            }

            logger.LogDebug("Sent notification {TrapOid} to {Target}", trapOid, target.Address);
            return null;
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failures);
            logger.LogWarning("Notification {TrapOid} did not reach {Target}: {Reason}", trapOid, target.Address, e.Message);
            return e;
        }
    }
}
