using Snmp.Messages;
using Snmp.AbstractServices;
using Snmp.Pdus;

namespace Snmp.Applications;

/// <summary>
/// Checks that a Response-PDU answers its request as RFC 3416 section 4.2 says an agent must,
/// and turns an error-status into the matching typed exception.
/// </summary>
internal static class ResponseValidation
{
    /// <summary>
    /// Returns <paramref name="response"/> as a <see cref="Pdu"/> if it is a proper answer to
    /// <paramref name="request"/>; throws otherwise.
    /// </summary>
    /// <exception cref="SnmpNoSuchNameException">An SNMPv1 agent answered noSuchName.</exception>
    /// <exception cref="SnmpErrorResponseException">Any other non-zero error-status.</exception>
    /// <exception cref="SnmpReportException">The agent answered with a Report-PDU.</exception>
    /// <exception cref="SnmpImproperResponseException">
    /// Wrong PDU type, a different number of varbinds than asked for, varbinds for other OIDs
    /// than requested (Get, Set), names that do not follow the requested ones (GetNext, GetBulk),
    /// or a GetBulk answer with no varbinds or more than N + M * R. The exception carries the varbinds.
    /// </exception>
    public static Pdu Validate(SnmpPdu request, SnmpPdu response, SnmpVersion version)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        if (response is Pdu { Type: PduType.Report } report)
        {
            throw new SnmpReportException(report.VarBinds);
        }

        if (response is not Pdu pdu || pdu.Type != PduType.Response)
        {
            throw new SnmpImproperResponseException($"expected a Response-PDU, received {response.Type}", response.VarBinds);
        }

        if (pdu.ErrorStatus != ErrorStatus.NoError)
        {
            if (pdu.ErrorStatus == ErrorStatus.NoSuchName)
            {
                throw new SnmpNoSuchNameException(pdu.ErrorIndex, pdu.VarBinds);
            }

            throw new SnmpErrorResponseException(pdu.ErrorStatus, pdu.ErrorIndex, pdu.VarBinds);
        }

        var asked = request.VarBinds.AsSpan();
        var answered = pdu.VarBinds.AsSpan();
        switch (request)
        {
            case BulkPdu bulk:
                ValidateBulk(bulk, pdu.VarBinds);
                break;
            case Pdu { Type: PduType.GetNextRequest }:
                RequireSameCount(asked.Length, pdu.VarBinds);
                for (int i = 0; i < asked.Length; i++)
                {
                    RequireSuccessor(asked[i].Oid, answered[i], pdu.VarBinds, version);
                }

                break;
            default:
                RequireSameCount(asked.Length, pdu.VarBinds);
                for (int i = 0; i < asked.Length; i++)
                {
                    if (!answered[i].Oid.Equals(asked[i].Oid))
                    {
                        throw new SnmpImproperResponseException($"varbind {i + 1} is for {answered[i].Oid}, but {asked[i].Oid} was requested", pdu.VarBinds);
                    }
                }

                break;
        }

        return pdu;
    }

    private static void ValidateBulk(BulkPdu request, VarBindList response)
    {
        // RFC 3416 section 4.2.3: N non-repeaters, then up to M repetitions of the R repeaters.
        int count = request.VarBinds.Count;
        int n = Math.Clamp(request.NonRepeaters, 0, count);
        int r = count - n;
        int m = Math.Max(request.MaxRepetitions, 0);
        int received = response.Count;
        // RFC 3416 section 4.2.3: an answer that would be too big is sent "with some of the variable
        // bindings at the end of the set removed", with no regard to N, M or R; so it may end inside
        // a repetition or even among the non-repeaters. Only an empty answer to a non-empty request
        // (no progress is possible with it) and more than N + M * R varbinds are improper.
        if ((received == 0 && count > 0) || received > n + (long)m * r)
        {
            throw new SnmpImproperResponseException($"{received} varbinds do not answer {n} non-repeaters and {r} repeaters with max-repetitions {m}", response);
        }

        var asked = request.VarBinds.AsSpan();
        var answered = response.AsSpan();
        for (int i = 0; i < Math.Min(n, received); i++)
        {
            RequireSuccessor(asked[i].Oid, answered[i], response, SnmpVersion.SNMPv2c);
        }

        for (int i = n; i < received; i++)
        {
            // Each repetition continues from the previous row of the same column; the first row
            // continues from the requested name (at the same position in the request).
            bool firstRow = i - r < n;
            var previous = firstRow ? asked[i].Oid : answered[i - r].Oid;
            if (!firstRow && answered[i - r].Value is EndOfMibView)
            {
                if (answered[i].Value is not EndOfMibView)
                {
                    throw new SnmpImproperResponseException($"varbind {i + 1} follows endOfMibView in its column", response);
                }

                continue;
            }

            RequireSuccessor(previous, answered[i], response, SnmpVersion.SNMPv2c);
        }
    }

    private static void RequireSameCount(int asked, VarBindList response)
    {
        if (response.Count != asked)
        {
            throw new SnmpImproperResponseException($"{response.Count} varbinds in the response for {asked} requested", response);
        }
    }

    private static void RequireSuccessor(ObjectIdentifier asked, VarBind answer, VarBindList response, SnmpVersion version)
    {
        if (answer.Value is EndOfMibView && version != SnmpVersion.SNMPv1)
        {
            return;
        }

        if (answer.Oid.CompareTo(asked) <= 0)
        {
            throw new SnmpImproperResponseException($"{answer.Oid} does not follow the requested {asked}", response);
        }
    }
}
