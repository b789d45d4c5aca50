# SPDX-License-Identifier: BSD-3-Clause
# vxsw-dpdk's instructions per packet under callgrind: the deterministic figure of
# scripts/bench. A capture of N frames is read once (net_pcap without infinite_rx) and only the
# forwarding loop (fwd_main, and all it calls) is counted; the capture reader's share (net_pcap
# and libpcap, called from that loop) is reported apart, since no real NIC costs that. The
# source MACs are installed up front (extern_learn), so every packet takes the steady-state
# path (source known and refreshed) whenever the control thread gets to run under valgrind.
"""Run vxsw-dpdk under valgrind --tool=callgrind and count instructions per packet."""

import os
import re
import signal
import time

import captures as cap
import engines as eng

LOOP_FN = os.environ.get("VXSW_BENCH_LOOP_FN", "fwd_main")
READER_OBJ = "librte_net_pcap"


def parse(path, main_obj, reader_obj=READER_OBJ):
    """(total Ir, Ir of calls from main_obj into reader_obj) of a callgrind output file."""
    names = {"ob": {}, "fn": {}}
    total = reader = 0
    ob = cob = None
    pending = False

    def name(kind, val):
        m = re.match(r"\((\d+)\)(?: (.*))?", val)
        if not m:
            return val
        if m.group(2) is not None:
            names[kind][m.group(1)] = m.group(2)
        return names[kind].get(m.group(1), "")

    with open(path, errors="replace") as fh:
        for line in fh:
            if pending:
                pending = False
                f = line.split()
                if len(f) > 1 and main_obj in (ob or "") and reader_obj in (cob or ob or ""):
                    reader += int(f[1])
                cob = None
                continue
            if line.startswith("ob="):
                ob = name("ob", line[3:].strip())
            elif line.startswith("cob="):
                cob = name("ob", line[4:].strip())
            elif line.startswith("calls="):
                pending = True
            elif line.startswith(("summary:", "totals:")):
                total = int(line.split()[1])
    return total, reader


def run(ctx, case, count, log, binary=None):
    """Run one callgrind measurement of case over count frames (of binary, by default the
    vxsw-dpdk measured); return a result dict."""
    binary = binary or ctx.vxsw_dpdk
    capture = cap.capture(case, ctx.cache, count=count, log=log)
    prefix = ctx.prefix("cg")
    sock = os.path.join(ctx.run_dir, "cg.sock")
    conf = os.path.join(ctx.run_dir, "cg.conf")
    base = "" if binary == ctx.vxsw_dpdk else ".base"
    out = os.path.join(ctx.out_dir, f"callgrind.{case.name}{base}.out")
    rx, tx = f"net_pcap1,rx_pcap={capture}", "net_null0,no-rx=1"
    access, underlay = (rx, tx) if case.path == "encap" else (tx, rx)
    cap.vxsw_config(case, eng.dev_name(access), eng.dev_name(underlay), conf, prelearn=True)
    for f in (sock, out):
        if os.path.exists(f):
            os.unlink(f)
    fdb = eng.Vxsw.fdb_size(case)
    # Hugepages and valgrind do not mix: ordinary memory (--no-huge) for the same code path.
    # The idle sleep bounds the empty polls counted after the capture ends to a few dozen.
    args = ["valgrind", "--tool=callgrind", f"--toggle-collect={LOOP_FN}",
            f"--callgrind-out-file={out}", binary, "--lcores", "0@0,1@1",
            "--file-prefix", prefix, "--no-huge", "-m", str(eng.mem_mb(16384, fdb)),
            "--no-pci", "--vdev", rx, "--vdev", tx, "--", "--socket", sock, "--config", conf,
            "--fdb-size", str(fdb), "--idle-sleep", "1000000"]
    t0 = time.monotonic()
    p = ctx.spawn(args, "callgrind.log")
    vx = eng.Vxsw(ctx)
    vx.sock = sock
    try:
        eng.wait_for("vxsw-dpdk under callgrind", lambda: os.path.exists(sock),
                     300 + case.macs / 2000, p, interval=0.2)

        def done():
            t = vx.ctl("stats", "show")["totals"]
            return t if t["rx_packets"] >= count else None

        tot = eng.wait_for("callgrind run", done, 300 + count / 2000 + case.macs / 2000, p,
                           interval=0.2)
        time.sleep(0.2)
        tot = vx.ctl("stats", "show")["totals"]
    finally:
        rc = ctx.end(p, term_timeout=60)
        ctx.clean_prefix(prefix)
    if rc not in (0, -signal.SIGTERM) or not os.path.exists(out):
        raise eng.EngineError(f"vxsw-dpdk under callgrind exited with {rc}\n"
                              f"{eng.tail(p.log_path)}")
    total, reader = parse(out, os.path.basename(binary))
    problems = []
    if total == 0:
        problems.append(f"no instructions counted in {LOOP_FN} (renamed? set VXSW_BENCH_LOOP_FN)")
    if tot[case.path] != count or tot["tx_packets"] != count or tot["drops"]:
        problems.append(f"{case.path} {tot[case.path]}, sent {tot['tx_packets']}, dropped "
                        f"{tot['drops']} of {count}")
    return {"packets": count, "ir_total": total, "ir_reader": reader,
            "ir_per_packet": (total - reader) / count if total else None,
            "ir_per_packet_with_reader": total / count if total else None,
            "seconds": round(time.monotonic() - t0, 1), "valid": not problems,
            "problems": problems, "file": os.path.basename(out)}
