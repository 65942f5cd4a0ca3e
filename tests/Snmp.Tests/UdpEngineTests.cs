using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Snmp.AbstractServices;
using Snmp.Messages;
using Snmp.Testing;

namespace Snmp.Tests;

/// <summary>The Engine over its real UDP transport, against loopback ports with nobody listening.</summary>
[TestFixture]
[NonParallelizable]
public class UdpEngineTests
{
    private static IPEndPoint ClosedPort(AddressFamily family)
    {
        using var probe = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(family == AddressFamily.InterNetwork ? IPAddress.Loopback : IPAddress.IPv6Loopback, 0));
        return (IPEndPoint)probe.LocalEndPoint!;
    }

    [TestCase(AddressFamily.InterNetwork)]
    [TestCase(AddressFamily.InterNetworkV6)]
    public async Task A_request_to_a_closed_port_times_out_cleanly(AddressFamily family)
    {
        // Real sockets, but the request's timing on a fake clock: how many transmissions fit in the
        // timeout follows from the schedule, not from how busy the machine is.
        var clock = new SteppedClock();
        await using var engine = new Engine(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv2c, DefaultDomain = TransportDomain.UdpIpv4, DefaultSecurityModel = SecurityModel.Usm, DefaultCommunity = new OctetString("public"), Autowait = true }, null, null, clock);
        var manager = engine.Manager(ClosedPort(family));
        manager.Timeout = TimeSpan.FromMilliseconds(400);
        manager.RefreshPeriod = TimeSpan.FromMilliseconds(100);

        // ICMP port-unreachable may come back for every transmission; it must not end anything early.
        var error = Assert.ThrowsAsync<SnmpTimeoutException>(() => clock.RunAsync(manager.GetAsync("1.3.6.1.2.1.1.1.0")));
        Assert.That(error!.Transmissions, Is.EqualTo(4), "at 0, 100, 200 and 300 ms of a 400 ms timeout");
        Assert.That(engine.Retransmissions, Is.EqualTo(3));
        Assert.That(error.Message, Does.Contain(manager.Address.ToString()));

        // The engine still works afterwards.
        var again = Assert.ThrowsAsync<SnmpTimeoutException>(() => clock.RunAsync(manager.GetAsync("1.3.6.1.2.1.1.1.0")));
        Assert.That(again!.Transmissions, Is.EqualTo(4));
    }

    [Test]
    public void Address_strings_parse_with_the_default_port_and_IPv6_selects_its_domain()
    {
        using var engine = new Engine(SnmpVersion.SNMPv2c);
        Assert.That(engine.Manager("127.0.0.1").Address, Is.EqualTo(new IPEndPoint(IPAddress.Loopback, 161)));
        Assert.That(engine.Manager("[::1]:1161").Domain, Is.EqualTo(AbstractServices.TransportDomain.UdpIpv6));
        Assert.That(engine.Manager("::1").Address, Is.EqualTo(new IPEndPoint(IPAddress.IPv6Loopback, 161)));
        Assert.Throws<FormatException>(() => engine.Manager("127.0.0.1:99999"));
        Assert.Throws<ArgumentException>(() => engine.Manager("127.0.0.1", domain: AbstractServices.TransportDomain.UdpIpv6));
    }

    [Test]
    public async Task Dispose_closes_every_socket_and_fails_what_was_pending()
    {
        int before = OpenSockets();
        var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        var v4 = engine.Manager(ClosedPort(AddressFamily.InterNetwork));
        var v6 = engine.Manager(ClosedPort(AddressFamily.InterNetworkV6));
        var pending = new[] { v4.GetAsync("1.3.6.1.2.1.1.1.0"), v6.GetAsync("1.3.6.1.2.1.1.1.0") };
        // Each request has been handed to its transport, created on first use, before GetAsync returns.
        Assert.That(OpenSockets(), Is.EqualTo(before + 2), "one socket per address family");

        engine.Dispose();

        foreach (var task in pending)
        {
            var error = Assert.CatchAsync<ObjectDisposedException>(() => task);
            Assert.That(error!.Message, Does.Contain("shut down"));
        }

        Assert.That(OpenSockets(), Is.EqualTo(before));
    }

    [Test]
    public async Task Nothing_per_packet_is_logged_above_Debug()
    {
        var logs = new CapturingLoggerFactory();
        var clock = new SteppedClock();
        await using (var engine = new Engine(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv2c, DefaultDomain = TransportDomain.UdpIpv4, DefaultSecurityModel = SecurityModel.Usm, DefaultCommunity = new OctetString("public"), Autowait = true }, logs, null, clock))
        {
            var manager = engine.Manager(ClosedPort(AddressFamily.InterNetwork));
            manager.Timeout = TimeSpan.FromMilliseconds(300);
            manager.RefreshPeriod = TimeSpan.FromMilliseconds(50);
            var error = Assert.ThrowsAsync<SnmpTimeoutException>(() => clock.RunAsync(manager.GetAsync("1.3.6.1.2.1.1.1.0")));
            Assert.That(error!.Transmissions, Is.EqualTo(6), "retransmitted (and ICMP port-unreachables came back) several times");
        }

        Assert.That(logs.Entries.Where(e => e.Level > LogLevel.Debug), Is.Empty);
        Assert.That(logs.Entries.Any(e => e.Message.Contains("timed out", StringComparison.Ordinal)), Is.True, "the timeout is logged at Debug");
    }

    private static int OpenSockets() =>
        Directory.GetFiles("/proc/self/fd").Count(fd =>
        {
            try
            {
                return new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true;
            }
            catch (IOException)
            {
                return false;
            }
        });

    private sealed class CapturingLoggerFactory : ILoggerFactory
    {
        public ConcurrentQueue<(LogLevel Level, string Category, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerFactory owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Enqueue((logLevel, category, formatter(state, exception)));
        }
    }
}
