#!/usr/bin/python3
"""A pysnmp 4.4 agent (Debian's python3-pysnmp4) set up for `snmp check`, the conformance checker:

    /usr/bin/python3 conformance_agent.py PORT ENGINE_ID_HEX PASSWORD

Listens on 127.0.0.1:PORT only, serves pysnmp's own MIB instrumentation (SNMPv2-MIB, the SNMPv3
framework MIBs) with communities "public" (read everything), "private" (read and write
everything) and "restricted" (read the system group only) over SNMPv1 and SNMPv2c, and the USM
users "check-priv" (HMAC-SHA-96 + AES-128, read-write, authPriv) and "check-noauth"
(noAuthNoPriv). Prints READY once bound, exits on SIGTERM.
"""
import signal
import sys

from pysnmp.carrier.asyncore.dgram import udp
from pysnmp.entity import config, engine
from pysnmp.entity.rfc3413 import cmdrsp, context
from pysnmp.proto import rfc1902

port, engine_id, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]

snmp_engine = engine.SnmpEngine(snmpEngineID=rfc1902.OctetString(hexValue=engine_id))
config.addTransport(snmp_engine, udp.domainName, udp.UdpTransport().openServerMode(("127.0.0.1", port)))

EVERYTHING = (1, 3, 6)
SYSTEM = (1, 3, 6, 1, 2, 1, 1)

for community, area, read, write in (("public", "public-area", EVERYTHING, ()),
                                     ("private", "private-area", EVERYTHING, EVERYTHING),
                                     ("restricted", "restricted-area", SYSTEM, ())):
    config.addV1System(snmp_engine, area, community)
    for model in (1, 2):
        config.addVacmUser(snmp_engine, model, area, "noAuthNoPriv", read, write)

config.addV3User(snmp_engine, "check-priv", config.usmHMACSHAAuthProtocol, password, config.usmAesCfb128Protocol, password)
config.addVacmUser(snmp_engine, 3, "check-priv", "authPriv", EVERYTHING, EVERYTHING)
config.addV3User(snmp_engine, "check-noauth")
config.addVacmUser(snmp_engine, 3, "check-noauth", "noAuthNoPriv", EVERYTHING)

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
