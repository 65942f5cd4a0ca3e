using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Snmp.Extensions.Hosting.Tests;

/// <summary>The engines running in a generic host on loopback: an agent answering the hosted Engine, a trap receiver handing over notifications, and what stopping the host closes.</summary>
[TestFixture]
public class HostedEngineTests
{
    private static readonly ObjectIdentifier SampleObject = "1.3.6.1.4.1.99999.21.1";
    private static readonly ObjectIdentifier SampleScalar = "1.3.6.1.4.1.99999.21.1.0";
    private static readonly ObjectIdentifier LinkDown = "1.3.6.1.6.3.1.1.5.3";

    private static readonly Dictionary<string, string?> AgentAndEngine = new()
    {
        ["Snmp:Agent:ListenOn:0"] = "127.0.0.1:0",
        ["Snmp:Agent:SysDescr"] = "hosted agent",
        ["Snmp:Agent:Communities:0:Name"] = "hosted-community",
        ["Snmp:Agent:Users:0:Name"] = "ops",
        ["Snmp:Agent:Users:0:AuthProtocol"] = "SHA-256",
        ["Snmp:Agent:Users:0:AuthPassword"] = "auth-secret-hosted",
        ["Snmp:Agent:Users:0:PrivProtocol"] = "AES-256",
        ["Snmp:Agent:Users:0:PrivPassword"] = "priv-secret-hosted",
        ["Snmp:Engine:Users:0:Name"] = "ops",
        ["Snmp:Engine:Users:0:AuthProtocol"] = "HmacSha256",
        ["Snmp:Engine:Users:0:AuthPassword"] = "auth-secret-hosted",
        ["Snmp:Engine:Users:0:PrivProtocol"] = "Aes256",
        ["Snmp:Engine:Users:0:PrivPassword"] = "priv-secret-hosted",
    };

    private static bool PortIsTaken(IPEndPoint endPoint)
    {
        try
        {
            using var socket = new UdpClient(endPoint);
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
    }

    [Test]
    public async Task The_hosted_agent_answers_the_hosted_engine_over_SNMPv3_and_SNMPv2c()
    {
        Agent? configured = null;
        using var host = TestHosts.Build(AgentAndEngine, services => services
            .AddSnmpAgent((agent, _) =>
            {
                configured = agent;
                agent.Mib.AddScalar(SampleObject, new Integer32(21));
            })
            .AddSnmpEngine());
        await host.StartAsync().WaitAsync(TestHosts.Patience);

        var agent = host.Services.GetRequiredService<Agent>();
        Assert.That(agent, Is.SameAs(configured), "the configure callback saw the agent everyone gets");
        var endpoint = agent.Endpoints.Single();
        Assert.That(endpoint.Address, Is.EqualTo(IPAddress.Loopback));
        Assert.That(endpoint.Port, Is.Not.Zero);

        var engine = host.Services.GetRequiredService<Engine>();
        var timeout = new RequestOptions { Timeout = TestHosts.Patience };
        var v3 = engine.Manager(endpoint);
        var answer = await v3.GetAsync(["1.3.6.1.2.1.1.1.0", SampleScalar], timeout);
        Assert.That(answer[0].Value, Is.EqualTo(new OctetString("hosted agent")));
        Assert.That(answer[1].Value, Is.EqualTo(new Integer32(21)));
        Assert.That(v3.DefaultSecurityLevel, Is.EqualTo(SecurityLevel.AuthPriv));

        var v2c = engine.Manager(endpoint, SnmpVersion.SNMPv2c, community: new OctetString("hosted-community"));
        Assert.That((await v2c.GetAsync([SampleScalar], timeout))[0].Value, Is.EqualTo(new Integer32(21)));

        Assert.That(PortIsTaken(endpoint), Is.True);
        await host.StopAsync().WaitAsync(TestHosts.Patience);
        Assert.That(PortIsTaken(endpoint), Is.False, "stopping the host closed the agent's socket");
        Assert.That(() => engine.Manager(endpoint), Throws.Nothing, "the engine lives until the host is disposed");

        host.Dispose();
        Assert.That(() => engine.Manager(endpoint), Throws.InstanceOf<ObjectDisposedException>(), "disposing the host disposed the engine");
    }

    [Test]
    public async Task The_hosted_trap_receiver_hands_each_notification_to_the_handler()
    {
        var received = Channel.CreateUnbounded<ReceivedNotification>();
        var configuration = new Dictionary<string, string?>
        {
            ["Snmp:TrapReceiver:ListenOn:0"] = "127.0.0.1:0",
            ["Snmp:TrapReceiver:Communities:0"] = "trap-community",
            ["Snmp:TrapReceiver:Users:0:Name"] = "traps",
            ["Snmp:TrapReceiver:Users:0:AuthProtocol"] = "SHA",
            ["Snmp:TrapReceiver:Users:0:AuthPassword"] = "trap-auth-secret",
            ["Snmp:TrapReceiver:Users:0:PrivProtocol"] = "AES",
            ["Snmp:TrapReceiver:Users:0:PrivPassword"] = "trap-priv-secret",
        };
        int calls = 0;
        using var host = TestHosts.Build(configuration, services => services.AddSnmpTrapReceiver(async (notification, cancellationToken) =>
        {
            // The first notification's handler fails: it is logged, and the next is still handed over.
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("the handler's own failure");
            }

            await received.Writer.WriteAsync(notification, cancellationToken);
        }));
        await host.StartAsync().WaitAsync(TestHosts.Patience);
        var receiver = host.Services.GetRequiredService<TrapReceiver>();
        var endpoint = receiver.Endpoints.Single();

        using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "trap-community");
        await engine.Notifier(endpoint.ToString()).SendTrapAsync(LinkDown, [new VarBind("1.3.6.1.2.1.2.2.1.1.1", new Integer32(1))]);
        await engine.Notifier(endpoint.ToString()).SendTrapAsync(LinkDown, [new VarBind("1.3.6.1.2.1.2.2.1.1.2", new Integer32(2))]);
        var v2c = await received.Reader.ReadAsync().AsTask().WaitAsync(TestHosts.Patience);
        Assert.That(v2c.TrapOid, Is.EqualTo(LinkDown));
        Assert.That(v2c.Payload.Single().Value, Is.EqualTo(new Integer32(2)));
        Assert.That(v2c.Community, Is.EqualTo(new OctetString("trap-community")));

        engine.Usm.AddUser("traps", AuthenticationProtocol.HmacSha1, "trap-auth-secret", PrivacyProtocol.Aes128, "trap-priv-secret");
        await engine.Notifier(endpoint.ToString(), SnmpVersion.SNMPv3).SendTrapAsync(LinkDown);
        var v3 = await received.Reader.ReadAsync().AsTask().WaitAsync(TestHosts.Patience);
        Assert.That((v3.Version, v3.TrapOid, v3.Community), Is.EqualTo((SnmpVersion.SNMPv3, LinkDown, new OctetString("traps"))));

        Assert.That(PortIsTaken(endpoint), Is.True);
        await host.StopAsync().WaitAsync(TestHosts.Patience);
        Assert.That(PortIsTaken(endpoint), Is.False, "stopping the host closed the receiver's socket");
        Assert.That(calls, Is.EqualTo(3));
    }

    [Test]
    public async Task A_handler_type_is_resolved_in_a_scope_for_each_notification()
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Snmp:TrapReceiver:ListenOn:0"] = "127.0.0.1:0",
            ["Snmp:TrapReceiver:Communities:0"] = "public",
        };
        var seen = new RecordingHandler.Log();
        using var host = TestHosts.Build(configuration, services => services.AddSingleton(seen).AddSnmpTrapReceiver<RecordingHandler>());
        await host.StartAsync().WaitAsync(TestHosts.Patience);
        var endpoint = host.Services.GetRequiredService<TrapReceiver>().Endpoints.Single();

        using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        await engine.Notifier(endpoint.ToString()).SendTrapAsync(LinkDown);
        await engine.Notifier(endpoint.ToString()).SendTrapAsync(LinkDown);
        var first = await seen.Notifications.Reader.ReadAsync().AsTask().WaitAsync(TestHosts.Patience);
        var second = await seen.Notifications.Reader.ReadAsync().AsTask().WaitAsync(TestHosts.Patience);
        Assert.That(first.Handler, Is.Not.SameAs(second.Handler), "a new scope, so a new handler, per notification");
        Assert.That(first.Notification.TrapOid, Is.EqualTo(LinkDown));
        await host.StopAsync().WaitAsync(TestHosts.Patience);
        Assert.That(seen.Disposed, Is.EqualTo(2), "each scope disposed its handler");
    }

    [Test]
    public async Task Stopping_the_host_hands_over_what_was_already_queued()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handled = Channel.CreateUnbounded<ReceivedNotification>();
        var configuration = new Dictionary<string, string?> { ["Snmp:TrapReceiver:ListenOn:0"] = "127.0.0.1:0", ["Snmp:TrapReceiver:Communities:0"] = "public" };
        using var host = TestHosts.Build(configuration, services => services.AddSnmpTrapReceiver(async (notification, cancellationToken) =>
        {
            await release.Task.WaitAsync(cancellationToken);
            await handled.Writer.WriteAsync(notification, cancellationToken);
        }));
        await host.StartAsync().WaitAsync(TestHosts.Patience);
        var receiver = host.Services.GetRequiredService<TrapReceiver>();

        using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "public");
        var notifier = engine.Notifier(receiver.Endpoints.Single().ToString());
        // Informs are answered once queued: after these return, both wait behind the blocked handler.
        await notifier.InformAsync(LinkDown, options: new RequestOptions { Timeout = TestHosts.Patience });
        await notifier.InformAsync(LinkDown, options: new RequestOptions { Timeout = TestHosts.Patience });

        var stopping = host.StopAsync();
        release.SetResult();
        await stopping.WaitAsync(TestHosts.Patience);
        handled.Writer.Complete();
        Assert.That(await handled.Reader.ReadAllAsync().CountAsync(), Is.EqualTo(2));
    }

    [Test]
    public async Task Every_engine_is_built_when_the_host_starts_not_when_first_asked()
    {
        bool agentBuilt = false, engineBuilt = false;
        using var host = TestHosts.Build(AgentAndEngine, services => services
            .AddSnmpAgent((_, _) => agentBuilt = true)
            .AddSnmpEngine((_, _) => engineBuilt = true));
        Assert.That((agentBuilt, engineBuilt), Is.EqualTo((false, false)));
        await host.StartAsync().WaitAsync(TestHosts.Patience);
        Assert.That((agentBuilt, engineBuilt), Is.EqualTo((true, true)));
        await host.StopAsync().WaitAsync(TestHosts.Patience);
    }

    /// <summary>A handler that records itself with each notification, and counts its disposals.</summary>
    internal sealed class RecordingHandler(RecordingHandler.Log log) : IReceivedNotificationHandler, IDisposable
    {
        public async Task HandleAsync(ReceivedNotification notification, CancellationToken cancellationToken) =>
            await log.Notifications.Writer.WriteAsync((this, notification), cancellationToken);

        public void Dispose() => Interlocked.Increment(ref log.DisposedCount);

        internal sealed class Log
        {
            internal int DisposedCount;

            internal Channel<(RecordingHandler Handler, ReceivedNotification Notification)> Notifications { get; } = Channel.CreateUnbounded<(RecordingHandler, ReceivedNotification)>();

            internal int Disposed => Volatile.Read(ref DisposedCount);
        }
    }
}
