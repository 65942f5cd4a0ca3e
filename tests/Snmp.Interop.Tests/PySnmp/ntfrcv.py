#!/usr/bin/python3
"""An SNMPv3 notification receiver on pysnmp 4.4 (Debian's python3-pysnmp4): the peer our
Notifier sends to with the privacy protocols Debian's Net-SNMP lacks (3DES-EDE, AES-192/256 with
the Reeder key extension) and with Blumenthal AES-192/256.

    /usr/bin/python3 ntfrcv.py PORT OWN_ENGINE_ID_HEX SENDER_ENGINE_ID_HEX AUTH_PASSWORD PRIV_PASSWORD

Listens on 127.0.0.1:PORT with snmpEngineID OWN_ENGINE_ID_HEX. The users of notifier.py are
known twice: at SENDER_ENGINE_ID_HEX, the authoritative engine of the sender's traps, and at
its own engine, the authoritative engine of the informs it receives (and acknowledges). Prints
READY once bound, then one JSON object a line for each notification:

    {"user": ..., "level": 1|2|3, "contextEngineId": HEX, "varBinds": [[OID, TYPE, VALUE], ...]}

and exits on SIGTERM.
"""
import json
import os
import signal
import sys

from pysnmp.carrier.asyncore.dgram import udp
from pysnmp.entity import config, engine
from pysnmp.entity.rfc3413 import ntfrcv
from pysnmp.proto import rfc1902

from notifier import USERS

port, own_engine_id, sender_engine_id, auth_password, priv_password = sys.argv[1:6]

snmp_engine = engine.SnmpEngine(snmpEngineID=rfc1902.OctetString(hexValue=own_engine_id))
config.addTransport(snmp_engine, udp.domainName, udp.UdpTransport().openServerMode(("127.0.0.1", int(port))))
sender = rfc1902.OctetString(hexValue=sender_engine_id)
for user, (auth, priv) in USERS.items():
    config.addV3User(snmp_engine, user, auth, auth_password, priv, priv_password)
    config.addV3User(snmp_engine, user, auth, auth_password, priv, priv_password, securityEngineId=sender)


def received(snmp_engine, state_reference, context_engine_id, context_name, var_binds, cb_ctx):
    request = snmp_engine.observer.getExecutionContext("rfc3412.receiveMessage:request")
    print(json.dumps({
        "user": str(request["securityName"]),
        "level": int(request["securityLevel"]),
        "contextEngineId": context_engine_id.asOctets().hex().upper(),
        "varBinds": [[str(oid), value.__class__.__name__, value.prettyPrint()] for oid, value in var_binds],
    }), flush=True)


ntfrcv.NotificationReceiver(snmp_engine, received)


def stop(*_):
    os._exit(0)  # at once: the dispatcher's poll loop would wrap a SystemExit in its own error


signal.signal(signal.SIGTERM, stop)
snmp_engine.transportDispatcher.jobStarted(1)
print("READY", flush=True)
snmp_engine.transportDispatcher.runDispatcher()
