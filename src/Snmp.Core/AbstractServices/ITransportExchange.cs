namespace Snmp.AbstractServices;

/// <summary>
/// An endpoint of a transport mapping lent to one thread that blocks on its own requests: the
/// thread sends them through it (<see cref="SendPduParameters.TransportMapping"/>) and reads
/// their answers itself with <see cref="Receive"/>, so that an answer wakes only the thread
/// waiting for it, as a command-line tool's single socket does (otherwise a blocking request
/// costs two wake-ups: the mapping's receive thread, then the caller).
/// </summary>
/// <remarks>
/// What arrives on the exchange goes to <see cref="IDispatcher.ProcessIncomingMessage"/> like
/// anything else, with the exchange as its <see cref="TransportStateReference.TransportMapping"/>;
/// an exchange is never started (<see cref="ITransportMapping.Start"/> is not supported) and
/// receives only while its borrower is in <see cref="Receive"/>. A mapping offers exchanges by
/// implementing <see cref="ITransportExchangeLender"/>.
/// </remarks>
public interface ITransportExchange : ITransportMapping
{
    /// <summary>
    /// Blocks until a message arrives (true, with the message, which belongs to the caller, and
    /// its tmStateReference) or until <see cref="Interrupt"/> is called or the exchange closes
    /// (false). An interrupt that comes while nobody receives makes the next call return false.
    /// Only the borrowing thread calls it.
    /// </summary>
    bool Receive(out ReadOnlyMemory<byte> wholeMsg, out TransportStateReference? tmStateReference);

    /// <summary>Makes a <see cref="Receive"/> in progress, or the next one, return false. Any thread may call it.</summary>
    void Interrupt();

    /// <summary>False once the exchange or its mapping is closed: <see cref="Receive"/> returns false at once from then on.</summary>
    bool IsOpen { get; }

    /// <summary>Gives the exchange back to its mapping for another borrower (the borrower stops using it). Idempotent.</summary>
    void Return();
}

/// <summary>
/// A transport mapping that lends <see cref="ITransportExchange"/>s to threads that block on
/// their requests (the UDP mapping does when its port was chosen by the system, so that no one
/// can be relying on the port requests come from).
/// </summary>
public interface ITransportExchangeLender
{
    /// <summary>An exchange for the calling thread, or null when none can be lent now (the caller then uses the mapping itself).</summary>
    ITransportExchange? RentExchange();
}
