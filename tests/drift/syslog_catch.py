#!/usr/bin/env python3
"""syslog_catch.py SOCKET OUT: a stand-in for syslogd on a private
/dev/log. Binds a Unix datagram socket at SOCKET, writes each message it
receives to OUT (one a line) and stops after the first one or 20 s."""
import os
import socket
import sys

path, out = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
os.chmod(path, 0o666)
open(out + ".ready", "w").close()
s.settimeout(20)
try:
    msg = s.recv(65536)
    with open(out, "wb") as f:
        f.write(msg.rstrip(b"\0\n") + b"\n")
except socket.timeout:
    pass
