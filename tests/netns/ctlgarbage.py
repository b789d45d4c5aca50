#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Malformed requests on a vxsw control socket (vxsw-dpdk's or vxswd's), stdlib only.

Usage: ctlgarbage.py SOCKET CASE...   (cases: oversized, past_end, deep, flows, zero_len, burst)

Each case sends its garbage on one connection and checks that every datagram is answered with
an NLMSG_ERROR carrying a negative errno (the one the case expects, where it is certain), then
that a valid status request is still answered, on the same connection and on a new one. One
JSON line per case on stdout; exit 1 if any case failed. Message and attribute numbers are read
from include/vxsw/*.h, so the script follows the protocol's enums.
"""
import errno
import json
import os
import random
import re
import socket
import struct
import sys
import threading
import time

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLA_F_NESTED = 0x8000
MSG_TYPE, VERSION, MSG_MAX = 0x20, 1, 65536


def enum(header, name):
    """The values of enum NAME in include/vxsw/HEADER, by constant name."""
    text = open(os.path.join(SRC, "include", "vxsw", header)).read()
    body = re.search(r"enum %s \{(.*?)\};" % name, text, re.S).group(1)
    body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
    vals, n = {}, 0
    for item in body.split(","):
        m = re.match(r"\s*(\w+)(?:\s*=\s*(\w+))?\s*$", item)
        if not m:
            continue
        if m.group(2):
            n = int(m.group(2), 0)
        vals[m.group(1)] = n
        n += 1
    return vals


CMD = enum("proto.h", "vxsw_cmd")
A = enum("proto.h", "vxsw_attr")
FA = enum("flow.h", "vxsw_flow_attr")
A_MAX = A["__VXSW_A_MAX"] - 1
FA_MAX = FA["__VXSW_FLOW_A_MAX"] - 1


def attr(t, payload=b""):
    n = 4 + len(payload)
    return struct.pack("=HH", n, t) + payload + b"\0" * (-n % 4)


def msg(cmd, body=b"", flags=NLM_F_REQUEST | NLM_F_ACK, seq=1, length=None):
    n = 20 + len(body)
    hdr = struct.pack("=IHHIIBBH", n if length is None else length, MSG_TYPE, flags, seq, 0,
                      cmd, VERSION, 0)
    return hdr + body


def answers(data):
    """(nlmsg_type, seq, errno or cmd) of each message in an answer datagram."""
    out, off = [], 0
    while off + 16 <= len(data):
        n, t, _, seq, _ = struct.unpack_from("=IHHII", data, off)
        if n < 16 or off + n > len(data):
            out.append(("bad", seq, None))
            break
        if t == NLMSG_ERROR and n >= 20:
            out.append(("error", seq, struct.unpack_from("=i", data, off + 16)[0]))
        elif t == MSG_TYPE and n >= 20:
            out.append(("msg", seq, data[off + 16]))
        else:
            out.append(("other", seq, t))
        off += (n + 3) & ~3
    return out


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    # SO_SNDBUFFORCE, SO_RCVBUFFORCE (root): room for a datagram of 256 KiB and for the
    # answers to a burst.
    s.setsockopt(socket.SOL_SOCKET, 32, 4 << 20)
    s.setsockopt(socket.SOL_SOCKET, 33, 4 << 20)
    s.connect(path)
    s.settimeout(5)
    return s


def status_ok(s, seq=4242):
    """A status request gets its answer and a final ACK with error 0."""
    try:
        s.send(msg(CMD["VXSW_CMD_STATUS_GET"], seq=seq))
        got_status = False
        deadline = time.time() + 5
        while time.time() < deadline:
            for kind, sq, v in answers(s.recv(MSG_MAX + 4096)):
                if sq != seq:
                    continue  # a late answer to the garbage before
                if kind == "msg" and v == CMD["VXSW_CMD_STATUS_GET"]:
                    got_status = True
                elif kind == "error":
                    return got_status and v == 0
        return False
    except OSError:
        return False


def run(path, datagrams, expect=None):
    """Send DATAGRAMS on one connection while a thread reads the answers. Every datagram must
    get one answer datagram whose last message is an error (EXPECT, an errno or a tuple of
    them, if given; else any < 0)."""
    if isinstance(expect, int):
        expect = (expect,)
    s = connect(path)
    res = {"sent": len(datagrams), "answered": 0, "wrong": 0, "errnos": {}}
    done = threading.Event()

    def reader():
        while res["answered"] < len(datagrams):
            try:
                data = s.recv(MSG_MAX + 4096)
            except socket.timeout:
                break
            except OSError as e:
                res["recv_error"] = e.strerror
                break
            if not data:
                res["closed"] = True
                break
            res["answered"] += 1
            a = answers(data)
            last = a[-1] if a else ("none", 0, None)
            if last[0] != "error" or last[2] >= 0 or (expect and -last[2] not in expect):
                res["wrong"] += 1
                if "first_wrong" not in res:
                    res["first_wrong"] = [list(x) for x in a[-3:]]
            if last[0] == "error":
                name = errno.errorcode.get(-last[2], str(last[2])) if last[2] else "0"
                res["errnos"][name] = res["errnos"].get(name, 0) + 1
        done.set()

    t = threading.Thread(target=reader)
    t.start()
    try:
        for d in datagrams:
            s.send(d)
    except OSError as e:
        res["send_error"] = e.strerror
    t.join()
    res["ok"] = res["answered"] == len(datagrams) and res["wrong"] == 0
    res["status_same_connection"] = status_ok(s)
    s.close()
    s = connect(path)
    res["status_new_connection"] = status_ok(s)
    s.close()
    res["ok"] = res["ok"] and res["status_same_connection"] and res["status_new_connection"]
    return res


# ---- the cases ----


def case_oversized():
    """Datagrams longer than VXSW_MSG_MAX, whatever their header says."""
    status = CMD["VXSW_CMD_STATUS_GET"]
    big = msg(status, b"\0" * (MSG_MAX + 1000))
    lying = msg(status, b"\0" * (MSG_MAX + 1000), length=20)
    return [big, lying, msg(status, b"\0" * (4 * MSG_MAX))], errno.EMSGSIZE


def case_past_end():
    """nlmsg_len larger than the datagram, by a little and by a lot."""
    status = CMD["VXSW_CMD_STATUS_GET"]
    out = []
    for body, length in ((b"", 24), (b"\0" * 80, 200), (b"", MSG_MAX), (b"", MSG_MAX + 1),
                         (b"\0" * 4, 0x7FFFFFFF), (b"", 0xFFFFFFFC), (b"", 0xFFFFFFFF)):
        out.append(msg(status, body, length=length))
    return out, errno.EINVAL


def nest(types, depth, inner=b""):
    for i in range(depth):
        inner = attr(types[i % len(types)], inner)
    return inner


def case_deep():
    """Attributes nested 1000 deep: in every nested attribute of the protocol, with and without
    NLA_F_NESTED, at the top and inside a flow's match."""
    out = []
    fb, st = CMD["VXSW_CMD_FLOW_BATCH"], CMD["VXSW_CMD_STATUS_GET"]
    for name in ("VXSW_A_FLOWS", "VXSW_A_FLOW", "VXSW_A_STATS", "VXSW_A_DROPS",
                 "VXSW_A_LCORES", "VXSW_A_LEARN_REFUSED", "VXSW_A_DAEMON_STATS",
                 "VXSW_A_PORT_NAME"):
        for flag in (0, NLA_F_NESTED):
            t = A[name] | flag
            out.append(msg(fb if "FLOW" in name else st, nest([t], 1000)))
    flow, match = A["VXSW_A_FLOW"], FA["VXSW_FLOW_A_MATCH"]
    out.append(msg(fb, attr(A["VXSW_A_FLOWS"], attr(flow, nest([match], 998)))))
    out.append(msg(fb, nest([A["VXSW_A_FLOWS"], flow], 1000)))
    # A string attribute full of nests is too long a string.
    return out, (errno.EINVAL, errno.ENAMETOOLONG)


def case_flows():
    """VXSW_A_FLOWS lists of empty VXSW_A_FLOW entries, up to as many as fit in a message."""
    fb, flow = CMD["VXSW_CMD_FLOW_BATCH"], A["VXSW_A_FLOW"]
    most = (MSG_MAX - 20 - 4) // 4
    out = []
    for n in (1, 1000, 5000, 8000, 10000, most):
        out.append(msg(fb, attr(A["VXSW_A_FLOWS"], attr(flow) * n)))
    return out, errno.EINVAL


def case_zero_len():
    """Zero-length attributes (nla_len 4, and the invalid nla_len 0) of every type, in every
    position of a valid request, at the top, inside a flow and inside its match."""
    out = []
    vni_new, fb = CMD["VXSW_CMD_VNI_NEW"], CMD["VXSW_CMD_FLOW_BATCH"]
    st = CMD["VXSW_CMD_STATUS_GET"]
    good = [attr(A["VXSW_A_VNI"], struct.pack("=I", 4242)),
            attr(A["VXSW_A_LIMIT_MACS"], struct.pack("=I", 10))]
    zeros = []
    for t in range(0, A_MAX + 2):
        zeros.append(struct.pack("=HH", 4, t))
    zeros.append(struct.pack("=HH", 0, A["VXSW_A_VNI"]))
    zeros.append(struct.pack("=HH", 0, 0))
    for z in zeros:
        out.append(msg(st, z))
        for pos in range(len(good) + 1):
            out.append(msg(vni_new, b"".join(good[:pos]) + z + b"".join(good[pos:])))
    # Inside a flow (a drop rule with a priority) and inside its match.
    fgood = [attr(FA["VXSW_FLOW_A_OP"], b"\0"), attr(FA["VXSW_FLOW_A_PRIORITY"],
                                                     struct.pack("=I", 7)),
             attr(FA["VXSW_FLOW_A_ACTION"], b"\1")]
    for t in range(0, FA_MAX + 2):
        for ln in (4, 0):
            z = struct.pack("=HH", ln, t)
            for pos in range(len(fgood) + 1):
                if (t, ln) == (FA["VXSW_FLOW_A_MATCH"], 4):
                    continue
                body = b"".join(fgood[:pos]) + z + b"".join(fgood[pos:])
                out.append(msg(fb, attr(A["VXSW_A_FLOWS"], attr(A["VXSW_A_FLOW"], body))))
            if (t, ln) == (FA["VXSW_FLOW_A_MATCH"], 4):
                continue  # an empty match is valid: it matches everything
            m = attr(FA["VXSW_FLOW_A_MATCH"], z)
            out.append(msg(fb, attr(A["VXSW_A_FLOWS"], attr(A["VXSW_A_FLOW"],
                                                             b"".join(fgood) + m))))
    return out, None


def case_burst():
    """10,000 garbage datagrams back to back (seeded, so a failure can be replayed): random
    bytes, valid headers with random attributes, and valid requests cut short."""
    rnd = random.Random(20240607)
    out = []
    cmds = sorted(CMD.values())
    for i in range(10000):
        k = i % 3
        if k == 0:
            d = bytes(rnd.getrandbits(8) for _ in range(rnd.randrange(1, 160)))
            if len(d) >= 6 and d[4] == MSG_TYPE and d[6] & 1:
                d = d[:4] + b"\0" + d[5:]  # never a request by accident
        elif k == 1:
            junk = bytes(rnd.getrandbits(8) for _ in range(rnd.randrange(1, 40)))
            body = struct.pack("=HH", len(junk) + 4 + rnd.choice((0, 1, 9)), rnd.randrange(
                0, A_MAX + 3)) + junk
            d = msg(rnd.choice(cmds), body + b"\xff" * (-len(body) % 4 + 4))
        else:
            full = msg(CMD["VXSW_CMD_FDB_GET"], attr(A["VXSW_A_VNI"], struct.pack("=I", 7)))
            d = full[:rnd.randrange(1, len(full))]
        out.append(d)
    return out, None


CASES = {"oversized": case_oversized, "past_end": case_past_end, "deep": case_deep,
         "flows": case_flows, "zero_len": case_zero_len, "burst": case_burst}


def main():
    if len(sys.argv) < 3 or any(c not in CASES for c in sys.argv[2:]):
        sys.exit("usage: ctlgarbage.py SOCKET {%s}..." % ",".join(CASES))
    ok = True
    for c in sys.argv[2:]:
        t0 = time.time()
        datagrams, expect = CASES[c]()
        res = run(sys.argv[1], datagrams, expect)
        res = {"case": c, "ms": int((time.time() - t0) * 1000), **res}
        print(json.dumps(res), flush=True)
        ok = ok and res["ok"]
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
