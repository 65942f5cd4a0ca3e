#!/usr/bin/python3
"""A minimal SNMPv3 agent on pysnmp 4.4 (Debian's python3-pysnmp4), the interop peer for the
privacy protocols Debian's Net-SNMP lacks: 3DES-EDE and AES-192/256 with the Reeder key
extension, plus AES-192/256 with the Blumenthal extension for comparison.

    /usr/bin/python3 agent.py PORT ENGINE_ID_HEX AUTH_PASSWORD PRIV_PASSWORD

Listens on 127.0.0.1:PORT only, serves pysnmp's own SNMPv2-MIB instrumentation read-write to
every user below, prints READY once bound, and exits on SIGTERM.

pysnmp's names (pysnmp/entity/config.py, proto/secmod/eso/priv/aesbase.py in 4.4.12):
usmAesBlumenthalCfb192/256Protocol extend the key the Blumenthal way (append H(key)); its
usmAesCfb192/256Protocol extend it the Reeder way (append the key localised from the
password-to-key of the key), which is what Cisco and Net-SNMP's AES-192C/AES-256C do;
usm3DESEDEPrivProtocol uses the Reeder extension too.
"""
import signal
import sys

from pysnmp.carrier.asyncore.dgram import udp
from pysnmp.entity import config, engine
from pysnmp.entity.rfc3413 import cmdrsp, context
from pysnmp.proto import rfc1902

port, engine_id, auth_password, priv_password = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]

snmp_engine = engine.SnmpEngine(snmpEngineID=rfc1902.OctetString(hexValue=engine_id))
config.addTransport(snmp_engine, udp.domainName, udp.UdpTransport().openServerMode(("127.0.0.1", port)))

USERS = {
    "des3-sha": (config.usmHMACSHAAuthProtocol, config.usm3DESEDEPrivProtocol),
    "des3-md5": (config.usmHMACMD5AuthProtocol, config.usm3DESEDEPrivProtocol),
    "aes192r-sha": (config.usmHMACSHAAuthProtocol, config.usmAesCfb192Protocol),
    "aes256r-sha": (config.usmHMACSHAAuthProtocol, config.usmAesCfb256Protocol),
    "aes256r-md5": (config.usmHMACMD5AuthProtocol, config.usmAesCfb256Protocol),
    "aes192b-sha": (config.usmHMACSHAAuthProtocol, config.usmAesBlumenthalCfb192Protocol),
    "aes256b-sha": (config.usmHMACSHAAuthProtocol, config.usmAesBlumenthalCfb256Protocol),
    "aes256r-sha256": (config.usmHMAC192SHA256AuthProtocol, config.usmAesCfb256Protocol),
    "des3-sha224": (config.usmHMAC128SHA224AuthProtocol, config.usm3DESEDEPrivProtocol),
}

for user, (auth, priv) in USERS.items():
    config.addV3User(snmp_engine, user, auth, auth_password, priv, priv_password)
    config.addVacmUser(snmp_engine, 3, user, "authPriv", (1, 3, 6, 1, 2, 1), (1, 3, 6, 1, 2, 1))

snmp_context = context.SnmpContext(snmp_engine)
cmdrsp.GetCommandResponder(snmp_engine, snmp_context)
cmdrsp.NextCommandResponder(snmp_engine, snmp_context)
cmdrsp.BulkCommandResponder(snmp_engine, snmp_context)
cmdrsp.SetCommandResponder(snmp_engine, snmp_context)


def stop(signum, frame):
    snmp_engine.transportDispatcher.jobFinished(1)
    snmp_engine.transportDispatcher.closeDispatcher()
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
snmp_engine.transportDispatcher.jobStarted(1)
print("READY", flush=True)
snmp_engine.transportDispatcher.runDispatcher()
