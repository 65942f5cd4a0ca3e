using Snmp.AbstractServices;
using Snmp.Applications;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Security.Usm;
using Snmp.Smi;

namespace Snmp;

/// <summary>
/// What an SNMPv3 Manager knows of its agent: the namespace of its users, its defaults, and the
/// agent's snmpEngineID, discovered on first use (RFC 3414 section 4) unless given.
/// </summary>
internal sealed class V3Session
{
    private readonly UserBasedSecurityModel _usm;
    private readonly UsmNamespace _namespace;
    private readonly SemaphoreSlim _discovery = new(1, 1);
    private volatile OctetString? _engineId;

    public V3Session(UserBasedSecurityModel usm, UsmNamespace @namespace, NamespaceUser defaultUser, SecurityLevel defaultLevel, OctetString? engineId)
    {
        _usm = usm;
        _namespace = @namespace;
        DefaultUser = defaultUser;
        DefaultLevel = defaultLevel;
        _engineId = engineId;
    }

    public NamespaceUser DefaultUser { get; }

    public SecurityLevel DefaultLevel { get; }

    public OctetString? EngineId => _engineId;

    public async ValueTask<SnmpTarget> PrepareTargetAsync(CommandGenerator commandGenerator, SnmpTarget template, RequestOptions? options, RetransmissionPolicy policy, CancellationToken cancellationToken)
    {
        var user = options?.UserName is { } name ? _namespace.Find(name) : DefaultUser;
        var level = options?.SecurityLevel ?? (options?.UserName is not null ? user.DefaultSecurityLevel : DefaultLevel);
        if (level > user.User.MaxSecurityLevel)
        {
            throw new SnmpConfigurationException($"User \"{user.Name}\" cannot use {level}: its configuration supports at most {user.User.MaxSecurityLevel}.");
        }

        var engineId = _engineId ?? await DiscoverAsync(commandGenerator, template, policy, cancellationToken).ConfigureAwait(false);
        return Secure(template, user, level, engineId, options?.Context);
    }

    /// <summary>
    /// The timeout of a request to <paramref name="target"/> again, saying why when USM has been
    /// refusing the agent's authenticated messages because its clock went backwards (RFC 3414 3.2
    /// step 7b); null when there is nothing to add.
    /// </summary>
    public SnmpTimeoutException? ExplainTimeout(SnmpTarget target, SnmpTimeoutException timeout)
    {
        if (target.ContextEngineId.Length == 0 || _usm.DescribeRefusedEngineTime(target.ContextEngineId) is not { } regression)
        {
            return null;
        }

        var detail = $"{regression}; its authenticated messages are refused as possible replays (RFC 3414 3.2 step 7b) until it answers a request with an authenticated usmStatsNotInTimeWindows Report";
        return new SnmpTimeoutException(timeout.Peer, timeout.Timeout, timeout.Transmissions, timeout.Detail is { } earlier ? $"{detail}; {earlier}" : detail);
    }

    /// <summary>
    /// The target of an unconfirmed notification (an SNMPv2-Trap): this engine is its
    /// authoritative engine (RFC 3414 2.3), so the user's keys are localised for
    /// <paramref name="localEngineId"/> and the trap's contextEngineID is that id too (RFC 3413 3.3).
    /// </summary>
    public SnmpTarget PrepareTrapTarget(SnmpTarget template, OctetString localEngineId) =>
        Secure(template, DefaultUser, DefaultLevel, localEngineId, context: null);

    private SnmpTarget Secure(SnmpTarget template, NamespaceUser user, SecurityLevel level, OctetString engineId, OctetString? context)
    {
        var row = _usm.FindUser(engineId, user.User.UserName);
        if (row is null || !ReferenceEquals(row.User, user.User))
        {
            // Localise this configuration's keys for this engine once (RFC 3414 2.6).
            _usm.AddUser(engineId, user.User);
        }

        return template with
        {
            SecurityName = user.User.UserName,
            SecurityLevel = level,
            ContextEngineId = engineId,
            ContextName = context ?? OctetString.Empty,
        };
    }

    private async Task<OctetString> DiscoverAsync(CommandGenerator commandGenerator, SnmpTarget template, RetransmissionPolicy policy, CancellationToken cancellationToken)
    {
        await _discovery.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_engineId is { } known)
            {
                return known;
            }

            // RFC 3414 section 4: a noAuthNoPriv request with an empty msgAuthoritativeEngineID
            // and user name draws a usmStatsUnknownEngineIDs Report carrying the engine's id.
            var probe = template with
            {
                SecurityName = OctetString.Empty,
                SecurityLevel = SecurityLevel.NoAuthNoPriv,
                ContextEngineId = OctetString.Empty,
                ContextName = OctetString.Empty,
            };
            var answer = await commandGenerator.SendAsync(probe, new Pdu(PduType.GetRequest, 0, VarBindList.Empty), policy, cancellationToken).ConfigureAwait(false);
            if (answer.ContextEngineId.Length == 0)
            {
                throw new SnmpImproperResponseException("the engine discovery answer names no snmpEngineID", answer.Pdu.VarBinds);
            }

            _engineId = answer.ContextEngineId;
            return answer.ContextEngineId;
        }
        finally
        {
            _discovery.Release();
        }
    }
}
