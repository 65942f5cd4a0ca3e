using System.Collections.Concurrent;
using System.Text;
using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Messages;

namespace Snmp.Tests.Plugins;

/// <summary>
/// A toy security model a user could plug in: msgSecurityParameters hold "user:token" in the
/// clear, and a message with the wrong token is dropped and counted in the model's own MIB
/// counter (<see cref="WrongTokens"/>, an enterprise OID), which a Report could carry. It
/// offers noAuthNoPriv only. Its number is in the enterprise range of RFC 3411 (enterprise * 256 + n).
/// </summary>
/// <remarks>
/// Its originator side (<see cref="IOriginatorSecurityModel"/>, the same interface USM and TSM
/// provide to the facade): discovery of its own (RFC 5343's request, counted), a principal readied
/// per engine (as USM localises keys), and a timeout explained by the answers it refused.
/// </remarks>
/// <param name="token">The token it sends.</param>
/// <param name="localEngineId">The snmpEngineID it gives incoming messages (an agent's); their contextEngineID when null.</param>
/// <param name="acceptedToken">The token it accepts (<paramref name="token"/> when null).</param>
internal sealed class TokenSecurityModel(string token, OctetString? localEngineId = null, string? acceptedToken = null) : ISecurityModel, IOriginatorSecurityModel
{
    public static readonly SecurityModel Number = new(99999 * 256 + 1);

    /// <summary>The model's own counter instance: messages with the wrong token.</summary>
    public static readonly ObjectIdentifier WrongTokens = new(1, 3, 6, 1, 4, 1, 99999, 2, 1, 0);

    private readonly ConcurrentDictionary<OctetString, int> _refusedFrom = new();
    private readonly ConcurrentDictionary<(OctetString Engine, OctetString Name), byte> _prepared = new();
    private long _accepted;
    private long _refused;
    private long _discoveries;

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Refused => Interlocked.Read(ref _refused);

    public long Discoveries => Interlocked.Read(ref _discoveries);

    /// <summary>The (securityEngineID, securityName) pairs the originator side readied.</summary>
    public IReadOnlyCollection<(OctetString Engine, OctetString Name)> Prepared => [.. _prepared.Keys];

    public SecurityModel SecurityModel => Number;

    public SecuredMessage GenerateRequestMsg(OutgoingSecurityParameters parameters) => Generate(parameters);

    public SecuredMessage GenerateResponseMsg(OutgoingSecurityParameters parameters, object securityStateReference) => Generate(parameters);

    private SecuredMessage Generate(OutgoingSecurityParameters p)
    {
        if (p.SecurityLevel != SecurityLevel.NoAuthNoPriv || p.GlobalData is not { } header)
        {
            throw new ArgumentException("The token model sends SNMPv3 noAuthNoPriv messages only.", nameof(p));
        }

        var securityParameters = Encoding.UTF8.GetBytes($"{p.SecurityName}:{token}");
        return new SecuredMessage(SnmpMessageCodec.Encode(new SnmpV3Message(header, securityParameters, p.ScopedPdu)), p.TmStateReference);
    }

    public IncomingSecurityResult ProcessIncomingMsg(IncomingSecurityParameters parameters)
    {
        var message = (SnmpV3Message)parameters.Message;
        var text = Encoding.UTF8.GetString(message.SecurityParameters.Span);
        int colon = text.LastIndexOf(':');
        if (colon < 0 || text[(colon + 1)..] != (acceptedToken ?? token) || message.ScopedPdu is null)
        {
            Interlocked.Increment(ref _refused);
            if (message.ScopedPdu is { } refused)
            {
                _refusedFrom.AddOrUpdate(new OctetString(refused.ContextEngineId.Span), 1, (_, n) => n + 1);
            }

            throw new MessageDroppedException(WrongTokens, "the token does not match");
        }

        Interlocked.Increment(ref _accepted);
        var engineId = localEngineId ?? new OctetString(message.ScopedPdu.ContextEngineId.Span);
        return new IncomingSecurityResult(engineId, new OctetString(text[..colon]), message.ScopedPdu, message.GlobalData.MsgMaxSize, new object());
    }

    // The originator side.

    public SecurityLevel DefaultSecurityLevel(SecurityPrincipal principal) => SecurityLevel.NoAuthNoPriv;

    public Task<OctetString> DiscoverEngineIdAsync(SecurityTarget target, SendConfirmedPdu send, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _discoveries);
        return ContextEngineIdDiscovery.DiscoverAsync(target with { SecurityLevel = SecurityLevel.NoAuthNoPriv }, send, cancellationToken);
    }

    public void PrepareSecurityName(OctetString securityEngineId, SecurityPrincipal principal) =>
        _prepared.TryAdd((securityEngineId, principal.SecurityName), 0);

    public bool ResendAfterReport(ProcessResponsePduParameters report) => false;

    public string? ExplainTimeout(OctetString securityEngineId) =>
        _refusedFrom.TryGetValue(securityEngineId, out int refused)
            ? $"{refused} answer{(refused == 1 ? "" : "s")} of engine {securityEngineId.ToHex()} carried a token this model does not accept"
            : null;
}

/// <summary>What a user writes to plug the security model in: one module.</summary>
internal sealed class TokenSecurityModule(TokenSecurityModel model) : SnmpModule
{
    public override void Register(SnmpModuleRegistrations registrations) => registrations.AddSecurityModel(_ => model);
}
