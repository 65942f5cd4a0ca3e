#!/usr/bin/python3
"""An SNMPv3 notification originator on pysnmp 4.4 (Debian's python3-pysnmp4): the second
sender, beside Net-SNMP's snmptrap/snmpinform, for the privacy protocols Debian's Net-SNMP
lacks (3DES-EDE and AES-192/256 with the Reeder key extension) and for AES-192/256 with the
Blumenthal extension.

    /usr/bin/python3 notifier.py ENGINE_ID_HEX AUTH_PASSWORD PRIV_PASSWORD

pysnmp's engine has snmpEngineID ENGINE_ID_HEX: the authoritative engine of its traps (RFC 3414
2.3); for informs it discovers the receiver's. It prints READY, then reads one command a line
from stdin and answers each with one line:

    trap|inform PORT USER TRAP_OID SYSUPTIME   ->   OK | ERROR <why>

sending to 127.0.0.1:PORT as USER (below) at authPriv the variable-bindings sysUpTime.0,
snmpTrapOID.0, then 1.3.6.1.4.1.99999.1.1.0 = "pysnmp USER" and 1.3.6.1.4.1.99999.1.2.0 =
Integer32 len(USER). An inform answers OK only once the receiver's Response arrived. EOF on
stdin ends it.
"""
import sys

from pysnmp.hlapi import (ContextData, Integer32, ObjectIdentifier, ObjectIdentity, ObjectType, OctetString, SnmpEngine,
                          TimeTicks, UdpTransportTarget, UsmUserData, sendNotification, usm3DESEDEPrivProtocol,
                          usmAesBlumenthalCfb192Protocol, usmAesBlumenthalCfb256Protocol, usmAesCfb192Protocol,
                          usmAesCfb256Protocol, usmHMAC128SHA224AuthProtocol, usmHMAC192SHA256AuthProtocol,
                          usmHMACMD5AuthProtocol, usmHMACSHAAuthProtocol)
from pysnmp.proto import rfc1902

# usmAesCfb192/256Protocol and usm3DESEDEPrivProtocol extend a short localised key the Reeder
# way; usmAesBlumenthalCfb192/256Protocol the Blumenthal way. Each user's authentication
# protocol gives a localised key shorter than its cipher's, so the extension matters (SHA-256's
# 32 bytes already fill an AES-256 key: aes256r-sha256 tells nothing about the extension).
USERS = {
    "des3-md5": (usmHMACMD5AuthProtocol, usm3DESEDEPrivProtocol),
    "des3-sha": (usmHMACSHAAuthProtocol, usm3DESEDEPrivProtocol),
    "des3-sha224": (usmHMAC128SHA224AuthProtocol, usm3DESEDEPrivProtocol),
    "aes192r-sha": (usmHMACSHAAuthProtocol, usmAesCfb192Protocol),
    "aes256r-md5": (usmHMACMD5AuthProtocol, usmAesCfb256Protocol),
    "aes256r-sha256": (usmHMAC192SHA256AuthProtocol, usmAesCfb256Protocol),
    "aes192b-sha": (usmHMACSHAAuthProtocol, usmAesBlumenthalCfb192Protocol),
    "aes256b-sha224": (usmHMAC128SHA224AuthProtocol, usmAesBlumenthalCfb256Protocol),
}

SYS_UP_TIME_0 = "1.3.6.1.2.1.1.3.0"
SNMP_TRAP_OID_0 = "1.3.6.1.6.3.1.1.4.1.0"


def send(engine, auth_password, priv_password, kind, port, user, trap_oid, uptime):
    auth, priv = USERS[user]
    credentials = UsmUserData(user, auth_password, priv_password, authProtocol=auth, privProtocol=priv)
    target = UdpTransportTarget(("127.0.0.1", port), timeout=2, retries=5)
    var_binds = [
        ObjectType(ObjectIdentity(SYS_UP_TIME_0), TimeTicks(uptime)),
        ObjectType(ObjectIdentity(SNMP_TRAP_OID_0), ObjectIdentifier(trap_oid)),
        ObjectType(ObjectIdentity("1.3.6.1.4.1.99999.1.1.0"), OctetString("pysnmp " + user)),
        ObjectType(ObjectIdentity("1.3.6.1.4.1.99999.1.2.0"), Integer32(len(user))),
    ]
    error_indication, error_status, _, _ = next(
        sendNotification(engine, credentials, target, ContextData(), kind, var_binds, lookupMib=False))
    if error_indication:
        return "ERROR " + str(error_indication)
    if error_status:
        return "ERROR " + error_status.prettyPrint()
    return "OK"


def main():
    engine_id, auth_password, priv_password = sys.argv[1], sys.argv[2], sys.argv[3]
    engine = SnmpEngine(snmpEngineID=rfc1902.OctetString(hexValue=engine_id))
    print("READY", flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        try:
            kind, port, user, trap_oid, uptime = words
            if kind not in ("trap", "inform") or user not in USERS:
                raise ValueError("unknown notification type or user")
            answer = send(engine, auth_password, priv_password, kind, int(port), user, trap_oid, int(uptime))
        except Exception as e:  # one bad command must not end the process: report it
            answer = "ERROR " + repr(e)
        print(answer, flush=True)


if __name__ == "__main__":
    main()
