using System.Net;
using System.Net.Sockets;
using Snmp.Transport.Tls.Dtls;

namespace Snmp.Transport.Tls.Tests.Dtls;

/// <summary>
/// The datagrams under a DTLS session: while the handshake runs, the records BouncyCastle sends one
/// at a time leave as one datagram per flight (RFC 6347 4.1.1); after it, one datagram per record.
/// A connected loopback socket pair stands in for the network: a send is in the peer's queue when
/// it returns, so "nothing sent yet" is observable without waiting.
/// </summary>
[TestFixture]
public sealed class SessionDatagramTransportTests
{
    private Socket _peer = null!;
    private Socket _socket = null!;
    private ConnectedDatagramTransport _transport = null!;

    [SetUp]
    public void Connect()
    {
        _peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _peer.ReceiveTimeout = (int)DtlsTestKit.Patience.TotalMilliseconds;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.Connect(_peer.LocalEndPoint!);
        _peer.Connect(_socket.LocalEndPoint!);
        _transport = new ConnectedDatagramTransport(_socket);
    }

    [TearDown]
    public void Dispose()
    {
        _transport.Close();
        _socket.Dispose();
        _peer.Dispose();
    }

    [Test]
    public void Records_sent_during_the_handshake_leave_together_when_the_handshake_waits_for_an_answer()
    {
        _transport.Send([1, 1, 1], 0, 3);
        _transport.Send([2, 2], 0, 2);
        Assert.That(_peer.Available, Is.Zero, "nothing leaves while the flight is being written");

        _peer.Send(new byte[] { 9 });
        var buffer = new byte[SessionDatagramTransport.ReceiveLimit];
        Assert.That(_transport.Receive(buffer, 0, buffer.Length, 1000), Is.EqualTo(1));

        Assert.That(NextDatagram(), Is.EqualTo(new byte[] { 1, 1, 1, 2, 2 }));
        Assert.That(_peer.Available, Is.Zero);
        Assert.That(_transport.DatagramsSent, Is.EqualTo(1));
    }

    [Test]
    public void The_end_of_the_handshake_sends_the_last_flight_and_every_later_record_goes_alone()
    {
        _transport.Send([20], 0, 1);
        _transport.Send([22, 22], 0, 2);
        _transport.HandshakeEnded();
        Assert.That(NextDatagram(), Is.EqualTo(new byte[] { 20, 22, 22 }), "a server's ChangeCipherSpec and Finished: no receive follows them");

        _transport.Send([23, 1], 0, 2);
        _transport.Send([23, 2], 0, 2);
        Assert.Multiple(() =>
        {
            Assert.That(NextDatagram(), Is.EqualTo(new byte[] { 23, 1 }));
            Assert.That(NextDatagram(), Is.EqualTo(new byte[] { 23, 2 }));
            Assert.That(_transport.DatagramsSent, Is.EqualTo(3));
        });
    }

    [Test]
    public void An_application_data_record_ends_the_packing_even_when_nobody_said_the_handshake_ended()
    {
        _transport.Send([20], 0, 1);
        _transport.Send([22, 22], 0, 2);
        _transport.Send([23, 1], 0, 2);
        _transport.Send([23, 2], 0, 2);
        Assert.Multiple(() =>
        {
            Assert.That(NextDatagram(), Is.EqualTo(new byte[] { 20, 22, 22 }));
            Assert.That(NextDatagram(), Is.EqualTo(new byte[] { 23, 1 }));
            Assert.That(NextDatagram(), Is.EqualTo(new byte[] { 23, 2 }));
        });
    }

    [Test]
    public void Closing_sends_what_is_packed_such_as_a_fatal_alert()
    {
        _transport.Send([21, 2, 40], 0, 3);
        _transport.Close();
        Assert.That(NextDatagram(), Is.EqualTo(new byte[] { 21, 2, 40 }));
    }

    [Test]
    public void A_flight_larger_than_a_datagram_is_split_between_records()
    {
        var half = new byte[(SessionDatagramTransport.SendLimit / 2) + 1];
        half.AsSpan().Fill(7);
        _transport.Send(half, 0, half.Length);
        _transport.Send(half, 0, half.Length); // both would not fit one datagram
        Assert.That(NextDatagram(), Has.Length.EqualTo(half.Length), "the first record left alone when the second did not fit beside it");
        Assert.That(_peer.Available, Is.Zero);

        _transport.HandshakeEnded();
        Assert.That(NextDatagram(), Has.Length.EqualTo(half.Length));
    }

    private byte[] NextDatagram()
    {
        var buffer = new byte[65536];
        var received = _peer.Receive(buffer);
        return buffer[..received];
    }
}
