using System.Text;
using Autofac;
using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Smi;

namespace Snmp.Tests.Plugins;

/// <summary>
/// A toy security model a user could plug in: msgSecurityParameters hold "user:token" in the
/// clear, and a message with the wrong token is dropped and counted in the model's own MIB
/// counter (<see cref="WrongTokens"/>, an enterprise OID), which a Report could carry. It
/// offers noAuthNoPriv only. Its number is in the enterprise range of RFC 3411 (enterprise * 256 + n).
/// </summary>
internal sealed class TokenSecurityModel(string token, OctetString? localEngineId = null) : ISecurityModel
{
    public static readonly SecurityModel Number = new(99999 * 256 + 1);

    /// <summary>The model's own counter instance: messages with the wrong token.</summary>
    public static readonly ObjectIdentifier WrongTokens = new(1, 3, 6, 1, 4, 1, 99999, 2, 1, 0);

    private long _accepted;
    private long _refused;

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Refused => Interlocked.Read(ref _refused);

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
        if (colon < 0 || text[(colon + 1)..] != token || message.ScopedPdu is null)
        {
            Interlocked.Increment(ref _refused);
            throw new MessageDroppedException(WrongTokens, "the token does not match");
        }

        Interlocked.Increment(ref _accepted);
        var engineId = localEngineId ?? new OctetString(message.ScopedPdu.ContextEngineId.Span);
        return new IncomingSecurityResult(engineId, new OctetString(text[..colon]), message.ScopedPdu, message.GlobalData.MsgMaxSize, new object());
    }
}

/// <summary>What a user writes to plug the security model in: one Autofac module.</summary>
internal sealed class TokenSecurityModule(TokenSecurityModel model) : Module
{
    protected override void Load(ContainerBuilder builder) => builder.RegisterInstance(model).As<ISecurityModel>();
}
