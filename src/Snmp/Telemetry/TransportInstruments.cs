using System.Diagnostics.Metrics;
using Snmp.AbstractServices;
using Snmp.Dispatcher;
using Snmp.Transport.Tcp;
using Snmp.Transport.Tls;
using Snmp.Transport.Udp;

namespace Snmp.Telemetry;

/// <summary>
/// The library's transport mappings' own counters (UDP, TCP, TLS: messages, connections and
/// sessions, framing faults; RFC 6353's snmpTlstmSession* named as MIB counters) as observable
/// instruments, one measurement per mapping the dispatcher has, tagged with its domain and local
/// address. A plug-in transport's counters reach the Meter through the counter registry instead
/// (<see cref="ISnmpCounterProvider"/>).
/// </summary>
internal static class TransportInstruments
{
    private delegate long? Read(ITransportMapping mapping);

    public static void Create(Meter meter, SnmpDispatcher dispatcher)
    {
        Counter(meter, dispatcher, "snmp.transport.messages.received", "{message}", "Messages the transport mapping received and delivered.",
            m => m switch { UdpTransportMapping u => u.DatagramsReceived, TcpTransportMapping t => t.MessagesReceived, TlsTransportMapping s => s.Statistics.MessagesReceived, _ => null });
        Counter(meter, dispatcher, "snmp.transport.messages.sent", "{message}", "Messages the transport mapping sent.",
            m => m switch { UdpTransportMapping u => u.DatagramsSent, TcpTransportMapping t => t.MessagesSent, TlsTransportMapping s => s.Statistics.MessagesSent, _ => null });
        Counter(meter, dispatcher, "snmp.transport.receive_errors", "{error}", "Socket errors the UDP receive loop survived (for example ICMP port-unreachable reports).",
            m => (m as UdpTransportMapping)?.ReceiveErrors);
        Counter(meter, dispatcher, "snmp.transport.receiver_failures", "{message}", "Messages whose processing threw out of the engine's receiver; the mapping carried on (UDP, TCP).",
            m => m switch { UdpTransportMapping u => u.ReceiverFailures, TcpTransportMapping t => t.ReceiverFailures, _ => null });
        Counter(meter, dispatcher, "snmp.transport.framing_errors", "{connection}", "Connections or sessions closed because the peer's stream was not SNMP messages back to back (TCP, TLS).",
            m => m switch { TcpTransportMapping t => t.FramingErrors, TlsTransportMapping s => s.Statistics.FramingErrors, _ => null });
        Counter(meter, dispatcher, "snmp.transport.message_timeouts", "{connection}", "TCP connections closed because a message was not finished within the message timeout.",
            m => (m as TcpTransportMapping)?.MessageTimeouts);
        Counter(meter, dispatcher, "snmp.transport.connections.accepted", "{connection}", "TCP connections accepted.", m => (m as TcpTransportMapping)?.ConnectionsAccepted);
        Counter(meter, dispatcher, "snmp.transport.connections.opened", "{connection}", "TCP connections opened to peers.", m => (m as TcpTransportMapping)?.ConnectionsOpened);
        Counter(meter, dispatcher, "snmp.transport.connections.refused", "{connection}", "TCP connections closed as soon as accepted, because the connection limit was reached.", m => (m as TcpTransportMapping)?.ConnectionsRefused);
        Counter(meter, dispatcher, "snmp.transport.connections.closed", "{connection}", "TCP connections closed, for any reason.", m => (m as TcpTransportMapping)?.ConnectionsClosed);
        Counter(meter, dispatcher, "snmp.transport.connections.idle_closed", "{connection}", "TCP connections closed for being idle.", m => (m as TcpTransportMapping)?.IdleClosures);
        meter.CreateObservableUpDownCounter("snmp.transport.connections.open", () => Observe(dispatcher,
                m => m switch { TcpTransportMapping t => t.OpenConnections, TlsTransportMapping s => s.OpenSessions, _ => null }),
            "{connection}", "TCP connections and TLS sessions open now.");

        // RFC 6353 section 7, SNMP-TLS-TM-MIB snmpTlstmSessionStats, by their MIB names.
        TlsSession(meter, dispatcher, "snmpTlstmSessionOpens", "{session}", "client sessions opened", s => s.SessionOpens);
        TlsSession(meter, dispatcher, "snmpTlstmSessionClientCloses", "{session}", "client sessions closed", s => s.SessionClientCloses);
        TlsSession(meter, dispatcher, "snmpTlstmSessionOpenErrors", "{session}", "client sessions that could not be opened", s => s.SessionOpenErrors);
        TlsSession(meter, dispatcher, "snmpTlstmSessionAccepts", "{session}", "server sessions accepted", s => s.SessionAccepts);
        TlsSession(meter, dispatcher, "snmpTlstmSessionServerCloses", "{session}", "server sessions closed", s => s.SessionServerCloses);
        TlsSession(meter, dispatcher, "snmpTlstmSessionNoSessions", "{message}", "outgoing messages dropped because their session was gone", s => s.SessionNoSessions);
        TlsSession(meter, dispatcher, "snmpTlstmSessionInvalidClientCertificates", "{session}", "clients refused for their certificate", s => s.SessionInvalidClientCertificates);
        TlsSession(meter, dispatcher, "snmpTlstmSessionUnknownServerCertificate", "{session}", "servers refused for an unknown certificate", s => s.SessionUnknownServerCertificate);
        TlsSession(meter, dispatcher, "snmpTlstmSessionInvalidServerCertificates", "{session}", "servers refused for their certificate", s => s.SessionInvalidServerCertificates);
    }

    private static void Counter(Meter meter, SnmpDispatcher dispatcher, string name, string unit, string description, Read read) =>
        meter.CreateObservableCounter(name, () => Observe(dispatcher, read), unit, description);

    private static void TlsSession(Meter meter, SnmpDispatcher dispatcher, string descriptor, string unit, string meaning, Func<TlsTransportStatistics, long> read) =>
        Counter(meter, dispatcher, SnmpTelemetry.InstrumentName(descriptor), unit, $"{descriptor} (RFC 6353): {meaning}.",
            m => m is TlsTransportMapping tls ? read(tls.Statistics) : null);

    private static IEnumerable<Measurement<long>> Observe(SnmpDispatcher dispatcher, Read read)
    {
        foreach (var mapping in dispatcher.TransportMappings)
        {
            if (read(mapping) is { } value)
            {
                yield return new Measurement<long>(value,
                    new KeyValuePair<string, object?>(SnmpTelemetry.TransportDomainTag, mapping.TransportDomain.Name),
                    new KeyValuePair<string, object?>(SnmpTelemetry.LocalAddressTag, mapping.LocalAddress.ToString()));
            }
        }
    }
}
