using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Snmp.Hosting;

/// <summary>
/// Builds the engine when the host starts (so a bad boots file or user fails the start, not the
/// first request); the container disposes it with the host, after every hosted service stopped.
/// </summary>
internal sealed class EngineHostedService(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<Engine>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Starts the agent (it listens once built) when the host starts, and stops it (closing its sockets) when the host stops.</summary>
internal sealed class AgentHostedService(IServiceProvider services) : IHostedService
{
    private Agent? _agent;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _agent = services.GetRequiredService<Agent>();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_agent is { } agent)
        {
            await agent.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>How each notification is handed to the application: a delegate, or a handler resolved per notification.</summary>
internal sealed class NotificationHandling(Func<IServiceProvider, ReceivedNotification, CancellationToken, Task> handle)
{
    internal Task HandleAsync(IServiceProvider services, ReceivedNotification notification, CancellationToken cancellationToken) =>
        handle(services, notification, cancellationToken);
}

/// <summary>
/// Starts the trap receiver when the host starts and hands every notification to the
/// application's handler, one at a time; when the host stops, the receiver stops listening, the
/// notifications already queued are handled (until the host's shutdown timeout), and it is disposed.
/// </summary>
internal sealed class TrapReceiverHostedService(IServiceProvider services, NotificationHandling handling, ILogger<TrapReceiverHostedService>? logger = null)
    : IHostedService, IDisposable
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;
    private readonly CancellationTokenSource _abandon = new();
    private TrapReceiver? _receiver;
    private Task? _reading;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _receiver = services.GetRequiredService<TrapReceiver>();
        _reading = Task.Run(() => ReadAsync(_receiver, _abandon.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task ReadAsync(TrapReceiver receiver, CancellationToken cancellationToken)
    {
        await foreach (var notification in receiver.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await handling.HandleAsync(services, notification, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // a handler's failure must not stop the notifications after it
            catch (Exception e)
#pragma warning restore CA1031
            {
                _logger.LogError(e, "The SNMP notification handler failed on {TrapOid} from {Source}", notification.TrapOid, notification.Source);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_receiver is not { } receiver || _reading is not { } reading)
        {
            return;
        }

        // Disposing stops listening; ReadAllAsync then ends once the queue is read.
        await receiver.DisposeAsync().ConfigureAwait(false);
        try
        {
            await reading.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _abandon.CancelAsync().ConfigureAwait(false);
            try
            {
                await reading.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The handler gave up with the host: what was still queued is dropped.
            }
        }
    }

    public void Dispose() => _abandon.Dispose();
}
