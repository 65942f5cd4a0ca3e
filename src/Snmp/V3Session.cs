using Snmp.AbstractServices;
using Snmp.Applications;
using Snmp.Messages;

namespace Snmp;

/// <summary>
/// What an SNMPv3 Manager or Notifier knows of its remote engine, whatever the security model:
/// its principals (where they come from: USM's namespaces, or the name alone), its defaults, and
/// the engine's snmpEngineID, discovered on first use by the model (USM: RFC 3414 section 4; a
/// model without discovery of its own: RFC 5343) unless given. Everything the model does is behind
/// <see cref="IOriginatorSecurityModel"/>.
/// </summary>
internal sealed class V3Session
{
    private readonly IOriginatorSecurityModel _model;
    private readonly Func<string, SecurityPrincipal> _findPrincipal;
    private readonly SemaphoreSlim _discovery = new(1, 1);
    private readonly SnmpEntityRole _peerRole;
    private volatile OctetString? _engineId;

    /// <summary>Creates the session.</summary>
    /// <param name="model">The security model's originator side.</param>
    /// <param name="findPrincipal">The principal a request naming a user sends as (an unknown name is an <see cref="SnmpConfigurationException"/>).</param>
    /// <param name="defaultPrincipal">The principal of requests that name none.</param>
    /// <param name="defaultLevel">The level of requests that name none (the principal's or the model's default if null).</param>
    /// <param name="engineId">The remote engine's snmpEngineID, if fixed.</param>
    /// <exception cref="SnmpConfigurationException">The level is more than the principal can do.</exception>
    /// <param name="peerRole">What the remote engine is: an agent, or a notification receiver (a Notifier's, an agent notification target's).</param>
    public V3Session(IOriginatorSecurityModel model, Func<string, SecurityPrincipal> findPrincipal, SecurityPrincipal defaultPrincipal, SecurityLevel? defaultLevel, OctetString? engineId,
        SnmpEntityRole peerRole = SnmpEntityRole.CommandResponder)
    {
        _peerRole = peerRole;
        _model = model;
        _findPrincipal = findPrincipal;
        DefaultPrincipal = defaultPrincipal;
        DefaultLevel = CheckLevel(defaultPrincipal, defaultLevel ?? model.DefaultSecurityLevel(defaultPrincipal));
        _engineId = engineId is { Length: > 0 } ? engineId : null;
    }

    public SecurityModel SecurityModel => _model.SecurityModel;

    public SecurityPrincipal DefaultPrincipal { get; }

    public SecurityLevel DefaultLevel { get; }

    public OctetString? EngineId => _engineId;

    /// <summary>
    /// A request's or inform's target: the user and level the options name (else the defaults),
    /// the remote engine discovered if not yet known, the principal readied for it.
    /// </summary>
    public async ValueTask<SnmpTarget> PrepareTargetAsync(CommandGenerator commandGenerator, SnmpTarget template, RequestOptions? options, RetransmissionPolicy policy, CancellationToken cancellationToken)
    {
        var principal = options?.UserName is { } name ? _findPrincipal(name) : DefaultPrincipal;
        var level = CheckLevel(principal, options?.SecurityLevel ?? (options?.UserName is not null ? _model.DefaultSecurityLevel(principal) : DefaultLevel));
        var engineId = _engineId ?? await DiscoverAsync(commandGenerator, template, principal, level, policy, cancellationToken).ConfigureAwait(false);
        var secured = Secure(template, principal, level, engineId, options?.Context);
        return options?.ContextEngineId is { } contextEngineId ? secured with { ContextEngineId = contextEngineId, SecurityEngineId = engineId } : secured;
    }

    /// <summary>
    /// The target of an unconfirmed notification (an SNMPv2-Trap): this engine is its
    /// authoritative engine (RFC 3414 2.3, RFC 3412 7.1 step 9), so the principal is readied for
    /// <paramref name="localEngineId"/>, which is the trap's contextEngineID too (RFC 3413 3.3).
    /// </summary>
    public SnmpTarget PrepareTrapTarget(SnmpTarget template, OctetString localEngineId) =>
        Secure(template, DefaultPrincipal, DefaultLevel, localEngineId, context: null);

    private SnmpTarget Secure(SnmpTarget template, SecurityPrincipal principal, SecurityLevel level, OctetString engineId, OctetString? context)
    {
        _model.PrepareSecurityName(engineId, principal);
        return template with
        {
            SecurityModel = _model.SecurityModel,
            SecurityName = principal.SecurityName,
            SecurityLevel = level,
            ContextEngineId = engineId,
            ContextName = context ?? OctetString.Empty,
        };
    }

    private static SecurityLevel CheckLevel(SecurityPrincipal principal, SecurityLevel level) =>
        level <= principal.MaxSecurityLevel
            ? level
            : throw new SnmpConfigurationException($"User \"{principal.SecurityName}\" cannot use {level}: its configuration supports at most {principal.MaxSecurityLevel}.");

    private async Task<OctetString> DiscoverAsync(CommandGenerator commandGenerator, SnmpTarget template, SecurityPrincipal principal, SecurityLevel level, RetransmissionPolicy policy, CancellationToken cancellationToken)
    {
        await _discovery.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_engineId is { } known)
            {
                return known;
            }

            var target = new SecurityTarget(template.TransportDomain, template.TransportAddress, _model.SecurityModel, principal, level) { Role = _peerRole };
            var engineId = await _model.DiscoverEngineIdAsync(target, (request, token) => Send(commandGenerator, request, policy, token), cancellationToken).ConfigureAwait(false);
            _engineId = engineId;
            return engineId;
        }
        finally
        {
            _discovery.Release();
        }
    }

    // What a model discovers with: the Command Generator's exchange, unchecked (a Report is an answer too).
    private static Task<ProcessResponsePduParameters> Send(CommandGenerator commandGenerator, SendPduParameters request, RetransmissionPolicy policy, CancellationToken cancellationToken) =>
        commandGenerator.SendAsync(
            new SnmpTarget(request.TransportDomain, request.TransportAddress, request.MessageProcessingModel, request.SecurityModel,
                request.SecurityName, request.SecurityLevel, request.ContextEngineId, request.ContextName),
            request.Pdu, policy, cancellationToken);
}
