# SPDX-License-Identifier: BSD-3-Clause
# The switches scripts/bench compares, each behind the same small interface: start it on a
# case, resume and pause its forwarding core, read its counters, stop it. vxsw-dpdk and
# OVS-DPDK are paused with SIGSTOP (their polling cores would otherwise spin through the other
# engines' trials); testpmd with its own stop command.
"""vxsw-dpdk, dpdk-testpmd and OVS-DPDK driven for a benchmark trial."""

import json
import os
import re
import shutil
import signal
import subprocess
import threading
import time

import captures as cap

# A trial is valid when the switch forwarded what it received: at most this share lost,
# dropped or sent elsewhere (a burst in flight at each end of the window is allowed for).
TOLERANCE = 1e-3


class EngineError(Exception):
    """The engine could not be started or stopped working: the run is broken."""


def is_pci(dev):
    return re.match(r"^([0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]", dev) is not None


def dev_name(dev):
    """The ethdev name DPDK gives a device: the vdev name or the PCI address."""
    return dev.split(",", 1)[0]


class Devices:
    """Where the traffic comes in (rx) and leaves (tx): vdevs here, NICs in a lab."""

    def __init__(self, rx=None, tx=None):
        self.lab = rx is not None
        self._rx, self._tx = rx, tx

    def rx(self, capture):
        return self._rx if self.lab else f"net_pcap1,rx_pcap={capture},infinite_rx=1"

    def tx(self):
        return self._tx if self.lab else "net_null0,no-rx=1"

    @staticmethod
    def eal_args(devs):
        args = []
        for d in devs:
            args += ["-a", d] if is_pci(d) else ["--vdev", d]
        if not any(is_pci(d) for d in devs):
            args.append("--no-pci")
        return args


class Context:
    """What every engine shares: paths, cores, the process list cleaned up at exit."""

    def __init__(self, src, build, run_dir, huge_dir, cores, tag, log, base=None):
        self.src, self.build, self.run_dir = src, build, run_dir
        self.huge_dir, self.cores, self.tag, self.log = huge_dir, cores, tag, log
        self.procs = []  # every process we started, stopped by pid at exit
        self.prefixes = []  # every --file-prefix we gave DPDK
        self.netns = []
        self.vxsw_dpdk = os.path.join(build, "dataplane", "dpdk", "vxsw-dpdk")
        self.vxswctl = os.path.join(build, "control", "vxswctl")
        # Another build's vxsw-dpdk, engine vxsw-base (scripts/bench --base).
        self.base_dpdk = os.path.join(base, "dataplane", "dpdk", "vxsw-dpdk") if base else None

    def freeze_binaries(self):
        """Run copies: the build directory may be rebuilt while we measure."""
        bindir = os.path.join(self.run_dir, "bin")
        os.makedirs(bindir, exist_ok=True)
        for attr in ("vxsw_dpdk", "vxswctl", "base_dpdk"):
            src = getattr(self, attr)
            if src is None:
                continue
            # The base's copy keeps the name: callgrind's report is read by the binary's name.
            d = os.path.join(bindir, "base") if attr == "base_dpdk" else bindir
            os.makedirs(d, exist_ok=True)
            dst = os.path.join(d, os.path.basename(src))
            shutil.copy2(src, dst)
            setattr(self, attr, dst)

    def prefix(self, what):
        p = f"{self.tag}-{what}"
        if p not in self.prefixes:
            self.prefixes.append(p)
        return p

    def spawn(self, args, log_name, **kw):
        logf = open(os.path.join(self.run_dir, log_name), "ab")
        logf.write(("\n# " + " ".join(args) + "\n").encode())
        logf.flush()
        kw.setdefault("stdout", logf)
        kw.setdefault("stderr", subprocess.STDOUT)
        # A session of its own: the terminal's ^C reaches only us, and we stop them in order.
        p = subprocess.Popen(args, start_new_session=True, **kw)
        p.log_path = logf.name
        logf.close()
        self.procs.append(p)
        return p

    def end(self, p, term_timeout=15):
        """Stop one process we started, by its pid: SIGCONT (it may be paused), SIGTERM."""
        if p.poll() is None:
            for sig in (signal.SIGCONT, signal.SIGTERM):
                try:
                    os.kill(p.pid, sig)
                except ProcessLookupError:
                    pass
            try:
                p.wait(term_timeout)
            except subprocess.TimeoutExpired:
                self.log(f"pid {p.pid} ignored SIGTERM for {term_timeout} s: SIGKILL")
                p.kill()
                p.wait()
        if p in self.procs:
            self.procs.remove(p)
        return p.returncode

    def clean_prefix(self, prefix):
        # As root DPDK leaves /var/run/dpdk/<prefix> behind, even with --in-memory.
        shutil.rmtree(f"/var/run/dpdk/{prefix}", ignore_errors=True)
        if self.huge_dir:
            for f in os.listdir(self.huge_dir):
                if f.startswith(prefix + "map_"):
                    try:
                        os.unlink(os.path.join(self.huge_dir, f))
                    except OSError:
                        pass

    def cleanup(self):
        for p in list(self.procs):
            self.end(p, term_timeout=10)
        for ns in self.netns:
            subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
        self.netns = []
        for pfx in self.prefixes:
            self.clean_prefix(pfx)


def tail(path, n=15):
    try:
        with open(path, errors="replace") as fh:
            return "".join(fh.readlines()[-n:])
    except OSError:
        return ""


def wait_for(what, cond, timeout, proc=None, interval=0.05):
    t0 = time.monotonic()
    while True:
        if proc is not None and proc.poll() is not None:
            raise EngineError(f"{what}: process exited with status {proc.returncode}\n"
                              f"{tail(proc.log_path)}")
        try:
            r = cond()
        except (OSError, ValueError, subprocess.SubprocessError):
            r = None
        if r:
            return r
        if time.monotonic() - t0 > timeout:
            raise EngineError(f"{what}: not ready after {timeout} s" +
                              (f"\n{tail(proc.log_path)}" if proc is not None else ""))
        time.sleep(interval)


def mbufs_for(case):
    """The capture is loaded into mbufs (net_pcap infinite_rx), plus the usual pool."""
    return 16384 + -(-case.packets // 1024) * 1024


def mem_mb(mbufs, fdb_size=0):
    # 2.5 kB per mbuf with its headroom and headers; ~128 bytes per FDB entry; 128 MB base.
    mb = 128 + mbufs * 2560 // (1 << 20) + fdb_size * 128 // (1 << 20)
    return -(-mb // 64) * 64


class Vxsw:
    name = "vxsw"
    label = "vxsw-dpdk"
    exe_attr = "vxsw_dpdk"  # the Context attribute naming the executable

    def __init__(self, ctx):
        self.ctx = ctx
        self.p = None

    def plan_mem(self, case):
        return mem_mb(mbufs_for(case), self.fdb_size(case))

    @staticmethod
    def fdb_size(case):
        need = 2 * (case.macs + case.hosts) + 1024  # static MACs, learned sources, headroom
        n = 65536
        while n < need:
            n *= 2
        return min(n, 16777216)

    def ctl(self, *args, timeout=10):
        r = subprocess.run([self.ctx.vxswctl, "-s", self.sock, "-j", *args],
                           capture_output=True, text=True, timeout=timeout)
        if r.returncode != 0:
            raise EngineError(f"vxswctl {' '.join(args)}: {r.stderr.strip()}")
        return json.loads(r.stdout) if r.stdout.strip() else None

    def start(self, case, devs, capture):
        c = self.ctx
        rx, tx = devs.rx(capture), devs.tx()
        access, underlay = (rx, tx) if case.path == "encap" else (tx, rx)
        self.case = case
        # Own names per engine: the flow-table variants run beside this one.
        self.prefix = c.prefix(self.name)
        self.sock = os.path.join(c.run_dir, f"{self.name}.sock")
        conf = os.path.join(c.run_dir, f"{self.name}.conf")
        cap.vxsw_config(case, dev_name(access), dev_name(underlay), conf)
        for f in (self.sock,):
            if os.path.exists(f):
                os.unlink(f)
        exe = getattr(c, self.exe_attr)
        args = [exe, "--lcores", f"0@{c.cores[0]},1@{c.cores[1]}",
                "--file-prefix", self.prefix, "--huge-dir", c.huge_dir,
                "-m", str(self.plan_mem(case)), *Devices.eal_args([rx, tx]), "--",
                "--socket", self.sock, "--config", conf, "--fdb-size", str(self.fdb_size(case)),
                "--mbufs", str(mbufs_for(case))]
        if not os.access(exe, os.X_OK):
            raise EngineError(f"{exe} not found: build first (ninja -C {c.build})")
        t0 = time.monotonic()
        self.p = c.spawn(args, f"{self.name}.log")
        wait_for("vxsw-dpdk", lambda: os.path.exists(self.sock), 60 + case.macs / 20000, self.p)
        st = wait_for("vxsw-dpdk config",
                      lambda: (lambda s: s if s.get("macs", 0) >= case.macs else None)(
                          self.ctl("status")), 60 + case.macs / 20000, self.p)
        self.load_s = time.monotonic() - t0
        return {"load_s": round(self.load_s, 2), "fdb_size": st["limits"]["fdb_size"],
                "macs": st["macs"]}

    def prime(self):
        """Forward until every source MAC of the traffic is learned; seconds it took."""
        t0 = time.monotonic()
        want = self.case.macs + self.case.hosts
        wait_for("vxsw-dpdk learning the traffic's sources",
                 lambda: self.ctl("status").get("macs", 0) >= want, 60, self.p, interval=0.1)
        return time.monotonic() - t0

    def pause(self):
        os.kill(self.p.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.p.pid, signal.SIGCONT)

    def snapshot(self, begin):
        t0 = time.monotonic()
        s = self.ctl("stats", "show")
        return {"t": (t0 + time.monotonic()) / 2, "stats": s}

    def result(self, s0, s1, paused):
        a, b = s0["stats"], s1["stats"]
        d = {k: b["totals"][k] - a["totals"][k] for k in b["totals"]}
        busy = pk = 0
        for l0, l1 in zip(a["lcores"], b["lcores"]):
            busy += l1["busy_cycles"] - l0["busy_cycles"]
            pk += l1.get("packets", l1.get("busy_packets", 0)) - \
                l0.get("packets", l0.get("busy_packets", 0))
        dt = s1["t"] - s0["t"]
        reasons = {k: v - a["drop_reasons"].get(k, 0) for k, v in b["drop_reasons"].items()
                   if v - a["drop_reasons"].get(k, 0)}
        rx = d["rx_packets"]
        problems = []
        if rx == 0:
            problems.append("received nothing")
        else:
            done = d[self.case.path]
            if d["drops"] > TOLERANCE * rx:
                problems.append(f"dropped {d['drops']} of {rx}: " +
                                ", ".join(f"{k} {v}" for k, v in reasons.items()))
            if done < (1 - TOLERANCE) * rx:
                problems.append(f"{self.case.path} counted {done} of {rx} received")
            if d["flood"] > TOLERANCE * rx:
                problems.append(f"flooded {d['flood']} of {rx} (unknown destination?)")
            if d["tx_packets"] < (1 - TOLERANCE) * rx:
                problems.append(f"sent {d['tx_packets']} of {rx}")
        return {"mpps": d["tx_packets"] / dt / 1e6, "cycles_own": busy / pk if pk else None,
                "seconds": dt, "valid": not problems, "problems": problems,
                "counters": {"delta": d, "drop_reasons": reasons, "busy_cycles": busy,
                             "busy_packets": pk}}

    def stop(self):
        if self.p is not None:
            rc = self.ctx.end(self.p)
            self.p = None
            self.ctx.clean_prefix(self.prefix)
            if rc not in (0, -signal.SIGTERM):
                raise EngineError(f"vxsw-dpdk exited with status {rc}")


class VxswFlows(Vxsw):
    """vxsw-dpdk with a flow table of n rules in front of the L2 switch: n - 1 rules the traffic
    misses, spread over six mask shapes (six tuples, as an ACL of several rule kinds would make),
    all above one catch-all 'action normal' rule that every frame ends on. So each frame goes
    through the classifier and is still switched: what the bench measures is the table's cost."""
    rules = 1

    @property
    def label(self):
        return f"vxsw {cap.fmt_count(self.rules)} rule{'s' if self.rules > 1 else ''}"

    @staticmethod
    def rule_lines(n):
        """n - 1 ACL-like rules in 198.18.0.0/15 (traffic uses 10/8), then the catch-all."""
        for i in range(n - 1):
            a, b = (i >> 8) & 0xff, i & 0xff
            k = i % 6
            if k == 0:
                m = f"ip_proto tcp dst_ip 198.18.{a}.{b} dst_port {1 + i % 60000}"
            elif k == 1:
                m = f"ip_proto udp src_ip 198.19.{a}.{b}/32 src_port {1024 + i % 60000}"
            elif k == 2:
                m = f"dst_mac 02:fe:00:00:{a:02x}:{b:02x}"
            elif k == 3:
                m = f"src_ip 198.18.{a}.0/24 dst_ip 198.19.{b}.0/24"
            elif k == 4:
                m = f"ip_proto icmp dst_ip 198.19.{a}.{b}"
            else:
                m = f"eth_type 0x{0x8800 + (i & 0x3ff):04x}"
            yield f"add priority {10 + i % 100} {m} action drop\n"
        yield "add priority 0 action normal\n"

    def start(self, case, devs, capture):
        info = super().start(case, devs, capture)
        t0 = time.monotonic()
        lines = list(self.rule_lines(self.rules))
        # 500 to a batch: each batch is one request of at most 64 KiB.
        for k in range(0, len(lines), 500):
            path = os.path.join(self.ctx.run_dir, f"flows-{self.rules}-{k}.txt")
            with open(path, "w") as fh:
                fh.writelines(lines[k:k + 500])
            self.ctl("flow", "batch", path, timeout=60)
        st = self.ctl("status")
        if st.get("flows") != self.rules:
            raise EngineError(f"{self.label}: {st.get('flows')} rules installed, "
                              f"not {self.rules}")
        info["flows_load_s"] = round(time.monotonic() - t0, 2)
        return info

    def snapshot(self, begin):
        s = super().snapshot(begin)
        # After the measured window (the dump runs on the control core): the catch-all's count.
        s["catchall"] = self.ctl("flow", "show")[-1]["packets"]
        return s

    def result(self, s0, s1, paused):
        r = super().result(s0, s1, paused)
        # Every frame must have gone through the table: the catch-all counts them all.
        seen = s1["catchall"] - s0["catchall"]
        rx = r["counters"]["delta"]["rx_packets"]
        # The two counters are read a moment apart: a sanity check, not an exact one.
        if seen < 0.9 * rx:
            r["valid"] = False
            r["problems"].append(f"the catch-all rule counted {seen} of {rx} frames")
        return r


class VxswBase(Vxsw):
    """Another build of vxsw-dpdk (scripts/bench --base): a change measured against the commit
    before it in the same alternating trials, on the same caches and the same noise."""
    name = "vxsw-base"
    label = "vxsw-dpdk base"
    exe_attr = "base_dpdk"


def _flows_engine(n, name):
    return type(f"VxswFlows{name}", (VxswFlows,), {"name": f"vxsw-flows{name}", "rules": n})


class Testpmd:
    """dpdk-testpmd io forwarding, the I/O floor, driven on its interactive command line.

    Interactive rather than auto-start: auto-start forwarded only ~1k packets here.
    """

    name = "testpmd"
    label = "testpmd io"
    PROMPT = "testpmd> "

    def __init__(self, ctx):
        self.ctx = ctx
        self.p = None
        self.tsc_mhz = None

    def plan_mem(self, case):
        return mem_mb(mbufs_for(case))

    def _reader(self):
        with open(os.path.join(self.ctx.run_dir, "testpmd.log"), "a", errors="replace") as log:
            while True:
                chunk = os.read(self.p.stdout.fileno(), 65536)
                if not chunk:
                    break
                text = chunk.decode(errors="replace")
                log.write(text)
                with self.cv:
                    self.out += text
                    self.cv.notify_all()
        with self.cv:
            self.eof = True
            self.cv.notify_all()

    def cmd(self, line, timeout=20):
        """Send one command; return its output, up to the next prompt."""
        with self.cv:
            pos = len(self.out)
        if line is not None:
            try:
                self.p.stdin.write((line + "\n").encode())
                self.p.stdin.flush()
            except BrokenPipeError as e:
                raise EngineError(f"testpmd: {line}: it exited\n{self.out[-1500:]}") from e
        deadline = time.monotonic() + timeout
        with self.cv:
            while True:
                i = self.out.find(self.PROMPT, pos + (len(line) if line else 0))
                if i >= 0:
                    return self.out[pos:i]
                if self.eof:
                    raise EngineError(f"testpmd: {line}: it exited\n{self.out[-1500:]}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise EngineError(f"testpmd: no prompt after '{line}' in {timeout} s\n"
                                      f"{self.out[-1500:]}")
                self.cv.wait(left)

    def start(self, case, devs, capture):
        c = self.ctx
        rx, tx = devs.rx(capture), devs.tx()
        self.prefix = c.prefix("testpmd")
        self.case = case
        args = ["stdbuf", "-oL", "-eL",  # line-buffered: each reply arrives as it is printed
                "dpdk-testpmd", "--lcores", f"0@{c.cores[0]},1@{c.cores[1]}",
                "--file-prefix", self.prefix, "--huge-dir", c.huge_dir,
                "-m", str(self.plan_mem(case)), *Devices.eal_args([rx, tx]), "--",
                "-i", "--forward-mode=io", "--record-core-cycles", "--nb-cores=1",
                f"--total-num-mbufs={mbufs_for(case)}"]
        self.out, self.eof, self.cv = "", False, threading.Condition()
        self.p = c.spawn(args, "testpmd.log", stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        threading.Thread(target=self._reader, daemon=True).start()
        t0 = time.monotonic()
        self.cmd(None, timeout=60)
        summary = self.cmd("show port summary all")
        self.port = {}
        for line in summary.splitlines():
            f = line.split()
            if len(f) >= 3 and f[0].isdigit():
                self.port[f[2]] = int(f[0])
        try:
            self.rx_port, self.tx_port = self.port[dev_name(rx)], self.port[dev_name(tx)]
        except KeyError as e:
            raise EngineError(f"testpmd: port {e} not in its port summary:\n{summary}") from e
        return {"load_s": round(time.monotonic() - t0, 2)}

    def prime(self):
        return 0.0

    def resume(self):
        self.cmd("start")

    def _port_stats(self, text):
        st, port = {}, None
        for line in text.splitlines():
            m = re.search(r"NIC statistics for port (\d+)", line)
            if m:
                port = int(m.group(1))
                st[port] = {}
            for k, v in re.findall(r"([RT]X-(?:packets|missed|errors)):\s*(\d+)", line):
                if port is not None:
                    st[port][k] = int(v)
        return st

    def snapshot(self, begin):
        t0 = time.monotonic()
        out = self.cmd("show port stats all")
        return {"t": (t0 + time.monotonic()) / 2, "ports": self._port_stats(out)}

    def pause(self):
        out = self.cmd("stop")
        r = {}
        m = re.search(r"CPU cycles/packet=([\d.]+).*?at (\d+) MHz", out)
        if m:
            r["cycles"] = float(m.group(1))
            self.tsc_mhz = int(m.group(2))
        m = re.search(r"Accumulated forward statistics.*?RX-dropped:\s*(\d+).*?TX-dropped:\s*(\d+)",
                      out, re.S)
        if m:
            r["rx_dropped"], r["tx_dropped"] = int(m.group(1)), int(m.group(2))
        return r

    def result(self, s0, s1, paused):
        dt = s1["t"] - s0["t"]

        def delta(port, key):
            return s1["ports"][port][key] - s0["ports"][port][key]

        rx, tx = delta(self.rx_port, "RX-packets"), delta(self.tx_port, "TX-packets")
        problems = []
        if rx == 0:
            problems.append("received nothing")
        elif tx < (1 - TOLERANCE) * rx:
            problems.append(f"sent {tx} of {rx}")
        if paused.get("tx_dropped", 0) > TOLERANCE * max(rx, 1):
            problems.append(f"TX-dropped {paused['tx_dropped']}")
        return {"mpps": tx / dt / 1e6, "cycles_own": paused.get("cycles"), "seconds": dt,
                "valid": not problems, "problems": problems,
                "counters": {"rx": rx, "tx": tx, **paused}}

    def stop(self):
        if self.p is None:
            return
        try:
            self.p.stdin.write(b"quit\n")
            self.p.stdin.flush()
            self.p.wait(20)
        except (BrokenPipeError, subprocess.TimeoutExpired):
            pass
        rc = self.ctx.end(self.p)
        self.p = None
        self.ctx.clean_prefix(self.prefix)
        if rc != 0:
            raise EngineError(f"dpdk-testpmd exited with status {rc}")


OVS_VSWITCHD = "/usr/lib/openvswitch-switch-dpdk/ovs-vswitchd-dpdk"


class Ovs:
    """OVS-DPDK 3.1 (Debian's openvswitch-switch-dpdk) on a private database, run directory
    and network namespace (br-phy's kernel side carries the VTEP address there), never the
    system's OVS. br-int: the access port and vxlan0; br-phy: the underlay port, NORMAL.
    """

    name = "ovs"
    label = "OVS-DPDK"
    SOCKET_MEM = 1024
    FLOW_LIMIT = 200000  # OVS's default other_config:flow-limit
    ACCESS_OFPORT, TUNNEL_OFPORT = 1, 2

    def __init__(self, ctx):
        self.ctx = ctx
        self.vsd = self.db = self.ns = self.prefix = None

    def plan_mem(self, case):
        return self.SOCKET_MEM

    def _env(self):
        env = dict(os.environ)
        env.update(OVS_RUNDIR=self.dir, OVS_DBDIR=self.dir, OVS_LOGDIR=self.dir,
                   OVS_SYSCONFDIR=self.dir)
        return env

    def run(self, *args, timeout=60, check=True):
        r = subprocess.run(list(args), capture_output=True, text=True, timeout=timeout,
                           env=self._env())
        if check and r.returncode != 0:
            raise EngineError(f"{' '.join(args)}: {(r.stderr or r.stdout).strip()}")
        return r.stdout

    def vsctl(self, *args, timeout=60):
        return self.run("ovs-vsctl", f"--db=unix:{self.dir}/db.sock", f"--timeout={timeout}",
                        *args, timeout=timeout + 5)

    def appctl(self, *args, timeout=30):
        return self.run("ovs-appctl", "-t", self.ctl, f"--timeout={timeout}", *args,
                        timeout=timeout + 5)

    def start(self, case, devs, capture):
        c = self.ctx
        if not os.access(OVS_VSWITCHD, os.X_OK):
            raise EngineError(f"{OVS_VSWITCHD} not found: scripts/deps --bench installs "
                              "openvswitch-switch-dpdk")
        self.case = case
        self.dir = os.path.join(c.run_dir, "ovs")
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        self.ctl = os.path.join(self.dir, "vswitchd.ctl")
        self.ns = f"{c.tag}-ovs"
        self.prefix = c.prefix("ovs")
        rx, tx = devs.rx(capture), devs.tx()
        access, underlay = (rx, tx) if case.path == "encap" else (tx, rx)
        self.in_if, self.out_if = ("p0", "ul0") if case.path == "encap" else ("ul0", "p0")
        t0 = time.monotonic()
        subprocess.run(["ip", "netns", "add", self.ns], check=True)
        c.netns.append(self.ns)
        nsexec = ["ip", "netns", "exec", self.ns]  # execs: the pid is the daemon's
        self.run("ovsdb-tool", "create", f"{self.dir}/conf.db",
                 "/usr/share/openvswitch/vswitch.ovsschema")
        self.db = c.spawn(nsexec + ["ovsdb-server", f"{self.dir}/conf.db",
                                    f"--remote=punix:{self.dir}/db.sock",
                                    f"--unixctl={self.dir}/ovsdb.ctl",
                                    f"--log-file={self.dir}/ovsdb.log"],
                          "ovsdb.log", env=self._env())
        wait_for("ovsdb-server", lambda: os.path.exists(f"{self.dir}/db.sock"), 30, self.db)
        self.vsctl("--no-wait", "init")
        fwd_mask, main_mask = 1 << c.cores[1], 1 << c.cores[0]
        self.vsctl("--no-wait", "set", "Open_vSwitch", ".",
                   "other_config:dpdk-init=true",
                   f"other_config:dpdk-lcore-mask={main_mask:#x}",
                   f"other_config:pmd-cpu-mask={fwd_mask:#x}",
                   f"other_config:dpdk-socket-mem={self.SOCKET_MEM}",
                   f"other_config:dpdk-hugepage-dir={c.huge_dir}",
                   # Keep idle datapath flows: between its trials OVS is stopped, and with the
                   # default 10 s its revalidators would flush every flow on resuming, and
                   # 65536 flows take ~20 s of upcalls (lost packets) to come back.
                   "other_config:max-idle=3600000",
                   f"other_config:flow-limit={self.FLOW_LIMIT}",
                   f"other_config:dpdk-extra=--file-prefix {self.prefix}" +
                   ("" if any(is_pci(d) for d in (rx, tx)) else " --no-pci"))
        self.vsd = c.spawn(nsexec + [OVS_VSWITCHD, f"unix:{self.dir}/db.sock",
                                     f"--unixctl={self.ctl}",
                                     f"--log-file={self.dir}/vswitchd.log"],
                           "vswitchd.log", env=self._env())
        wait_for("ovs-vswitchd dpdk-init",
                 lambda: self.vsctl("get", "Open_vSwitch", ".", "dpdk_initialized",
                                    timeout=5).strip() == "true", 60, self.vsd, interval=0.2)
        # Bridges, tunnel, route and rules first, the DPDK ports (and so traffic) last: a
        # packet that arrived before its rule would leave a datapath flow behind to drop it.
        self.vsctl("add-br", "br-int", "--", "set", "bridge", "br-int", "datapath_type=netdev",
                   "--", "add-port", "br-int", "vxlan0", "--", "set", "Interface", "vxlan0",
                   "type=vxlan", f"options:remote_ip={cap.REMOTE_IP}",
                   f"options:local_ip={cap.LOCAL_IP}", f"options:key={cap.VNI}",
                   f"ofport_request={self.TUNNEL_OFPORT}",
                   "--", "add-br", "br-phy", "--", "set", "bridge", "br-phy",
                   "datapath_type=netdev", f"other_config:hwaddr={cap.LOCAL_MAC}")
        self.run(*nsexec, "ip", "addr", "add", f"{cap.LOCAL_IP}/24", "dev", "br-phy")
        self.run(*nsexec, "ip", "link", "set", "br-phy", "up")
        self.appctl("ovs/route/add", f"{cap.REMOTE_IP}/32", "br-phy")
        self.appctl("tnl/arp/set", "br-phy", cap.REMOTE_IP, cap.REMOTE_MAC)
        flows = os.path.join(self.dir, "flows.txt")
        cap.ovs_flows(case, self.ACCESS_OFPORT, self.TUNNEL_OFPORT, flows)
        # One bundle (replacing the default NORMAL rule): flow mods one by one took 10 min
        # for 1M rules here, a bundle takes seconds.
        t1 = time.monotonic()
        self.run("ovs-ofctl", "-O", "OpenFlow13", "--bundle", "replace-flows", "br-int", flows,
                 timeout=120 + case.macs / 1000)
        flows_s = time.monotonic() - t1
        mtu = f"mtu_request={cap.UNDERLAY_MTU}"
        self.vsctl("add-port", "br-int", "p0", "--", "set", "Interface", "p0", "type=dpdk",
                   f"options:dpdk-devargs={access}", f"ofport_request={self.ACCESS_OFPORT}", mtu,
                   "--", "add-port", "br-phy", "ul0", "--", "set", "Interface", "ul0",
                   "type=dpdk", f"options:dpdk-devargs={underlay}", mtu)
        for ifc in ("p0", "ul0"):
            err = self.vsctl("get", "Interface", ifc, "error").strip()
            if err not in ("[]", ""):
                raise EngineError(f"OVS interface {ifc}: {err}")
        flows_s = time.monotonic() - t1
        self.load_s = time.monotonic() - t0
        return {"load_s": round(self.load_s, 2), "flows_load_s": round(flows_s, 2)}

    def _full_flow_limit(self):
        # OVS adapts its datapath flow limit: +1000 per revalidation round (every 0.5 s) from
        # 1000, divided by the seconds a round took when one takes over 2 s. A round that
        # spans our SIGSTOP looks that slow, and 65536 flows would then not fit for a minute
        # (upcalls fail, packets are lost); priming them would take 30 s. Give it the
        # configured limit at once: what a running OVS with this many flows reaches anyway.
        self.appctl("upcall/set-flow-limit", str(self.FLOW_LIMIT))

    def prime(self):
        """Forward until the datapath has a flow for every packet (no upcalls for 0.5 s):
        65536 flows take OVS seconds to set up, and a packet whose upcall fails is lost."""
        t0 = time.monotonic()
        self._full_flow_limit()

        def settled():
            self.appctl("dpif-netdev/pmd-stats-clear")
            time.sleep(0.5)
            st = self._pmd_stats()
            return st.get("packets_received", 0) > 0 and \
                st.get("miss_with_success_upcall", 0) + st.get("miss_with_failed_upcall", 0) == 0
        wait_for("OVS-DPDK setting up its datapath flows", settled, 120, self.vsd, interval=0)
        return time.monotonic() - t0

    def pause(self):
        os.kill(self.vsd.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.vsd.pid, signal.SIGCONT)
        time.sleep(0.3)  # the revalidation round the stop interrupted ends (0.1 s for 64k)
        self._full_flow_limit()

    def _ports(self):
        ports, cur = {}, None
        for line in self.appctl("dpctl/show", "-s").splitlines():
            m = re.match(r"\s*port \d+: (\S+)", line)
            if m:
                cur = ports.setdefault(m.group(1), {})
                continue
            m = re.match(r"\s*(RX|TX) packets:(\d+) errors:\S+ dropped:(\S+)", line)
            if m and cur is not None:
                cur[m.group(1).lower()] = int(m.group(2))
                d = m.group(3)
                cur[m.group(1).lower() + "_dropped"] = int(d) if d.isdigit() else 0
        return ports

    def snapshot(self, begin):
        if begin:
            self._full_flow_limit()  # again: a revalidation round may have ended late
            self.appctl("dpif-netdev/pmd-stats-clear")
        t0 = time.monotonic()
        ports = self._ports()
        t = (t0 + time.monotonic()) / 2
        pmd = None if begin else self._pmd_stats()
        return {"t": t, "ports": ports, "pmd": pmd}

    def _pmd_stats(self):
        out = self.appctl("dpif-netdev/pmd-stats-show", "-pmd", str(self.ctx.cores[1]))
        st = {}
        for k, v in re.findall(r"^\s*([a-z][a-z .]*?):\s*([\d.]+)", out, re.M):
            st[k.strip().replace(" ", "_").replace(".", "")] = float(v)
        return st

    def result(self, s0, s1, paused):
        dt = s1["t"] - s0["t"]
        a, b = s0["ports"], s1["ports"]
        rx = b[self.in_if]["rx"] - a[self.in_if]["rx"]
        tx = b[self.out_if]["tx"] - a[self.out_if]["tx"]
        dropped = sum(b[p].get(k, 0) - a[p].get(k, 0) for p in b if p in a
                      for k in ("rx_dropped", "tx_dropped"))
        pmd = s1["pmd"] or {}
        problems = []
        if rx == 0:
            problems.append("received nothing")
        else:
            if tx < (1 - TOLERANCE) * rx:
                problems.append(f"sent {tx} of {rx}")
            if dropped > TOLERANCE * rx:
                problems.append(f"ports dropped {dropped}")
            if pmd.get("miss_with_failed_upcall", 0) > 0:
                problems.append(f"{int(pmd['miss_with_failed_upcall'])} failed upcalls")
        return {"mpps": tx / dt / 1e6, "cycles_own": pmd.get("avg_processing_cycles_per_packet"),
                "seconds": dt, "valid": not problems, "problems": problems,
                "counters": {"rx": rx, "tx": tx, "port_drops": dropped, "pmd": pmd}}

    def stop(self):
        c = self.ctx
        err = None
        if self.vsd is not None:
            if self.vsd.poll() is None:
                os.kill(self.vsd.pid, signal.SIGCONT)
                self.run("ovs-appctl", "-t", self.ctl, "--timeout=20", "exit", "--cleanup",
                         timeout=25, check=False)
                try:
                    self.vsd.wait(20)
                except subprocess.TimeoutExpired:
                    pass
            rc = c.end(self.vsd)
            if rc not in (0, -signal.SIGTERM):
                err = f"ovs-vswitchd exited with status {rc}"
            self.vsd = None
        if self.db is not None:
            c.end(self.db)
            self.db = None
        if self.ns in c.netns:
            subprocess.run(["ip", "netns", "del", self.ns], stderr=subprocess.DEVNULL)
            c.netns.remove(self.ns)
        if self.prefix:
            c.clean_prefix(self.prefix)
        if err:
            raise EngineError(err)


ENGINES = {e.name: e for e in (Vxsw, Testpmd, Ovs, _flows_engine(1, "1"),
                               _flows_engine(1000, "1k"), _flows_engine(10000, "10k"), VxswBase)}
