using System.Net;
using Snmp.AbstractServices;
using Snmp.Messages;
using Snmp.Security.Community;

namespace Snmp.Simulator;

/// <summary>
/// The Community-based Security Model (RFC 3584 5.2) with the simulator's community table: the
/// community, the listening address it arrived at and its source choose a device the way
/// snmpsim chooses one (<see cref="DeviceDirectory.FindByCommunity"/>), and the request is
/// handed on in that device's context under the one securityName every community shares. A
/// community that chooses no device is dropped and counted (snmpInBadCommunityNames), as an
/// agent's unknown community is. Messages are encoded and decoded by the library's own model.
/// </summary>
internal sealed class DeviceCommunityModel(SecurityModel securityModel, OctetString localEngineId, DeviceDirectory directory) : ISecurityModel
{
    /// <summary>The securityName every community request stands for (VACM's group "sim").</summary>
    public static readonly OctetString Principal = new("sim");

    private readonly CommunityBasedSecurityModel _codec = new(securityModel, localEngineId);

    public SecurityModel SecurityModel => securityModel;

    public SecuredMessage GenerateRequestMsg(OutgoingSecurityParameters parameters) => _codec.GenerateRequestMsg(parameters);

    public SecuredMessage GenerateResponseMsg(OutgoingSecurityParameters parameters, object securityStateReference) =>
        _codec.GenerateResponseMsg(parameters, securityStateReference);

    public IncomingSecurityResult ProcessIncomingMsg(IncomingSecurityParameters parameters)
    {
        var result = _codec.ProcessIncomingMsg(parameters);
        if (parameters.Message is not CommunityMessage message || message.Pdu.Type.IsResponse())
        {
            return result;
        }

        var tm = parameters.TmStateReference;
        var local = tm.TransportMapping?.LocalAddress;
        var context = directory.FindByCommunity(message.Community.Span, local, tm.TransportAddress)
            ?? throw new MessageDroppedException(SnmpCounter.SnmpInBadCommunityNames, "a community that names no simulated device");
        return result with
        {
            SecurityName = Principal,
            ScopedPdu = new ScopedPdu(localEngineId.Value, context.Value, message.Pdu),
        };
    }
}

/// <summary>
/// Plugs the simulator's community model into an Agent in place of the library's (same numbers,
/// registered after it), and its UDP transport (<see cref="SimulatorUdpTransportFactory"/>: the
/// library's with <paramref name="receiveThreads"/> threads receiving on each listening address, or
/// no thread per address with <paramref name="waiting"/>; the last factory registered for a domain wins).
/// </summary>
internal sealed class DeviceCommunityModule(DeviceDirectory directory, int receiveThreads, bool waiting) : SnmpModule
{
    public override void Register(SnmpModuleRegistrations registrations)
    {
        registrations.AddTransportMappingFactory(services => new SimulatorUdpTransportFactory(services.LoggerFactory, receiveThreads, waiting));
        registrations.AddSecurityModel(services => new DeviceCommunityModel(SecurityModel.SNMPv1, services.LocalEngine.EngineId, directory));
        registrations.AddSecurityModel(services => new DeviceCommunityModel(SecurityModel.SNMPv2c, services.LocalEngine.EngineId, directory));
    }
}
