using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Snmp.HostedSample;

/// <summary>How the poller polls (configuration section "Poller").</summary>
public sealed class PollerSettings
{
    /// <summary>The configuration section: "Poller".</summary>
    public const string SectionName = "Poller";

    /// <summary>The agent to poll ("host:port"); the hosted agent's first address when empty.</summary>
    public string? Target { get; set; }

    /// <summary>How many polls before the host stops; 0 polls until Ctrl+C.</summary>
    public int Count { get; set; }

    /// <summary>The pause between polls.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one poll may wait for the agent.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>What the poller got: counted by the poller, read by the agent's MIB and by the program's exit code.</summary>
public sealed class PollResults
{
    private long _succeeded;
    private long _failed;

    /// <summary>Polls answered.</summary>
    public long Succeeded => Interlocked.Read(ref _succeeded);

    /// <summary>Polls that failed (timeout, error response, ...).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    internal void Success() => Interlocked.Increment(ref _succeeded);

    internal void Failure() => Interlocked.Increment(ref _failed);
}

/// <summary>
/// Polls the agent's sysDescr.0, sysUpTime.0 and the sample's poll counter over SNMPv3 authPriv
/// through the hosted <see cref="Engine"/>, every <see cref="PollerSettings.Interval"/>.
/// </summary>
internal sealed partial class Poller(Engine engine, IServiceProvider services, IOptions<PollerSettings> settings, PollResults results,
    IHostApplicationLifetime lifetime, IMeterFactory meters, ILogger<Poller> logger) : BackgroundService
{
    /// <summary>The sample's own Meter (the library's is "Snmp").</summary>
    internal const string MeterName = "Snmp.HostedSample";

    // The host's meter factory owns the Meter and disposes it with the host.
    private readonly Counter<long> _polls = meters.Create(MeterName).CreateCounter<long>("snmp.sample.polls", description: "Polls of the agent, by outcome");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = settings.Value;
        var manager = string.IsNullOrWhiteSpace(poll.Target)
            ? engine.Manager(services.GetRequiredService<Agent>().Endpoints[0])
            : engine.Manager(poll.Target);
        var options = new RequestOptions { Timeout = poll.Timeout };
        for (int i = 1; poll.Count == 0 || i <= poll.Count; i++)
        {
            try
            {
                VarBindList answer = await manager.GetAsync(["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.3.0", "1.3.6.1.4.1.99999.42.1.0"], options, stoppingToken).ConfigureAwait(false);
                if (answer.FirstOrDefault(vb => vb.Value.IsException) is { Value: not null } missing)
                {
                    Failed(i, manager.Address, $"{missing.Oid} is {missing.Value}");
                    continue;
                }

                results.Success();
                _polls.Add(1, new KeyValuePair<string, object?>("outcome", "success"));
                LogPoll(i, manager.Address, answer[0].Value, answer[1].Value, answer[2].Value);
            }
            catch (SnmpException e)
            {
                Failed(i, manager.Address, e.Message);
            }
            finally
            {
                if (poll.Count == 0 || i < poll.Count)
                {
                    await Task.Delay(poll.Interval, stoppingToken).ConfigureAwait(false);
                }
            }
        }

        LogDone(results.Succeeded, results.Failed);
        lifetime.StopApplication();
    }

    private void Failed(int number, EndPoint agent, string reason)
    {
        results.Failure();
        _polls.Add(1, new KeyValuePair<string, object?>("outcome", "failure"));
        LogPollFailed(number, agent, reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Poll {Number} of {Agent}: sysDescr {SysDescr}, sysUpTime {SysUpTime}, polls answered {Answered}")]
    private partial void LogPoll(int number, EndPoint agent, SnmpValue sysDescr, SnmpValue sysUpTime, SnmpValue answered);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poll {Number} of {Agent} failed: {Reason}")]
    private partial void LogPollFailed(int number, EndPoint agent, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Polling done: {Succeeded} answered, {Failed} failed")]
    private partial void LogDone(long succeeded, long failed);
}
