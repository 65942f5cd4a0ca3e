namespace Snmp;

/// <summary>
/// What a hosted <see cref="TrapReceiver"/> does with each notification it accepts
/// (<c>services.AddSnmpTrapReceiver&lt;THandler&gt;()</c>): called once per notification, in
/// arrival order, one at a time, in a dependency injection scope of its own.
/// </summary>
public interface IReceivedNotificationHandler
{
    /// <summary>
    /// Handles one notification. An exception is logged and the next notification is handled;
    /// <paramref name="cancellationToken"/> is cancelled when the host stops before the queue is read.
    /// </summary>
    /// <param name="notification">The notification, in SNMPv2 form (an SNMPv1 trap translated, RFC 3584 section 3.1).</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    Task HandleAsync(ReceivedNotification notification, CancellationToken cancellationToken);
}
