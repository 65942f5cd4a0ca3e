using Snmp.Applications;

namespace Snmp.Interop.Tests.Notifications;

/// <summary>Our TrapReceiver on a free port of 127.0.0.1, read one notification at a time (bounded waits).</summary>
internal sealed class ReceiverUnderTest : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public ReceiverUnderTest(TrapReceiverOptions options)
    {
        Receiver = new TrapReceiver(options with { ListenOn = ["127.0.0.1:0"] });
        Notifications = Receiver.ReadAllAsync().GetAsyncEnumerator();
        Peer = $"udp:127.0.0.1:{Receiver.Endpoints[0].Port}";
    }

    public TrapReceiver Receiver { get; }

    public IAsyncEnumerator<ReceivedNotification> Notifications { get; }

    /// <summary>The receiver's address in Net-SNMP's syntax.</summary>
    public string Peer { get; }

    public async Task<ReceivedNotification> NextAsync()
    {
        Assert.That(await Notifications.MoveNextAsync().AsTask().WaitAsync(Patience), Is.True);
        return Notifications.Current;
    }

    public async ValueTask DisposeAsync()
    {
        await Notifications.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
