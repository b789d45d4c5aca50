# SPDX-License-Identifier: BSD-3-Clause
# Cases of scripts/bench and what each needs: the capture replayed into the switch (built once
# with scapy, kept in a cache directory keyed by case), vxsw-dpdk's --config commands and the
# OpenFlow rules that make OVS-DPDK do the same work.
"""Benchmark cases, their captures and the switch configurations that go with them."""

import os
import struct
import zlib

# The topology every case shares (docs/benchmarking.md, "Dataplane").
VNI = 100
LOCAL_IP = "192.0.2.1"  # the switch's VTEP
REMOTE_IP = "192.0.2.2"  # the remote VTEP, a static underlay neighbour
LOCAL_MAC = "02:00:00:00:01:01"  # outer destination of decap frames (OVS: br-phy's hwaddr)
REMOTE_MAC = "02:00:00:00:02:02"  # the remote VTEP's MAC
UNDERLAY_MTU = 1600  # IP MTU: a 1500-byte inner frame encapsulates to 1532 bytes of IP
VXLAN_PORT = 4789

MEGA = 1 << 20
CAPTURE_VERSION = 1  # bump when the packets change, so that cached captures are rebuilt


def parse_count(text):
    """'256' -> 256, '64K' -> 65536, '1M' -> 1048576; ValueError otherwise."""
    t = text.strip().upper()
    mult = 1
    if t.endswith("K"):
        mult, t = 1 << 10, t[:-1]
    elif t.endswith("M"):
        mult, t = MEGA, t[:-1]
    n = int(t) * mult
    if n < 1:
        raise ValueError(f"{text}: must be at least 1")
    return n


def fmt_count(n):
    return f"{n // MEGA}M" if n >= MEGA and n % MEGA == 0 else str(n)


class Case:
    """One measured configuration: direction, inner frame size, flows, MACs in the FDB.

    size is the inner Ethernet frame as a NIC counts it, FCS included (RFC 2544 sizes): the
    capture holds size - 4 bytes per inner frame. flows is the number of distinct inner
    5-tuples. macs is the number of static MACs in the switch's table; the traffic goes to
    min(flows, macs) of them, spread evenly over the table, from as many source MACs.
    """

    def __init__(self, path, size, flows, macs=None):
        if path not in ("encap", "decap"):
            raise ValueError(f"path {path}: expected encap or decap")
        if size < 64 or size > 1518:
            raise ValueError(f"size {size}: expected 64-1518")
        self.path, self.size, self.flows = path, size, flows
        self.macs = macs if macs is not None else flows
        if self.macs > 8 * MEGA:
            raise ValueError(f"macs {self.macs}: at most 8M")
        self.hosts = min(self.flows, self.macs)

    @property
    def name(self):
        return f"{self.path}-{self.size}B-{fmt_count(self.flows)}f-fdb{fmt_count(self.macs)}"

    @property
    def title(self):
        return (f"{self.path} {self.size}B, {fmt_count(self.flows)} flow"
                f"{'s' if self.flows > 1 else ''}, {fmt_count(self.macs)} MAC"
                f"{'s' if self.macs > 1 else ''}")

    @property
    def packets(self):
        """Packets in the replayed capture: every flow once, at least 1024 in all."""
        return self.flows * max(1, -(-1024 // self.flows))

    @property
    def inner_len(self):
        return self.size - 4

    @property
    def frame_len(self):
        """Bytes per captured frame (FCS excluded)."""
        return self.inner_len + (50 if self.path == "decap" else 0)

    def dst_index(self, host):
        """Which of the installed MACs host number `host` is: spread over the whole table."""
        return host * (self.macs // self.hosts)

    def to_json(self):
        return {"name": self.name, "path": self.path, "size": self.size, "flows": self.flows,
                "macs": self.macs, "dst_macs_in_traffic": self.hosts,
                "capture_packets": self.packets}


def dst_mac(k):
    return "02:00:0b:%02x:%02x:%02x" % (k >> 16 & 255, k >> 8 & 255, k & 255)


def src_mac(j):
    return "02:00:0a:%02x:%02x:%02x" % (j >> 16 & 255, j >> 8 & 255, j & 255)


def _mac_bytes(prefix, k):
    return bytes((2, 0, prefix, k >> 16 & 255, k >> 8 & 255, k & 255))


def _csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def _templates(case):
    """The first frame of the case, built by scapy; the others are patched copies of it."""
    from scapy.all import IP, UDP, Ether, Raw  # Debian's python3-scapy, /usr/bin/python3
    from scapy.layers.vxlan import VXLAN

    inner = (Ether(dst=dst_mac(0), src="02:00:0a:00:00:00") /
             IP(src="10.0.0.1", dst="10.128.0.1", ttl=64, id=0) /
             UDP(sport=1024, dport=4000, chksum=0))  # 0: no checksum, valid for IPv4 (RFC 768)
    inner = inner / Raw(b"\0" * (case.inner_len - len(inner)))
    if case.path == "encap":
        return bytes(inner)
    outer = (Ether(dst=LOCAL_MAC, src=REMOTE_MAC) /
             IP(src=REMOTE_IP, dst=LOCAL_IP, flags="DF", ttl=64, id=0) /
             UDP(sport=49152, dport=VXLAN_PORT, chksum=0) /  # RFC 7348 5: zero on IPv4
             VXLAN(vni=VNI, flags=0x08) / inner)
    return bytes(outer)


def _frames(case, count):
    """count frames: flow i = frame i mod flows."""
    tpl = bytearray(_templates(case))
    off = 50 if case.path == "decap" else 0
    for n in range(count):
        i = n % case.flows
        host = i % case.hosts
        f = bytearray(tpl)
        f[off:off + 6] = _mac_bytes(0x0B, case.dst_index(host))
        f[off + 6:off + 12] = _mac_bytes(0x0A, host)  # src_mac(host)
        f[off + 26:off + 30] = struct.pack("!I", (10 << 24) + 1 + i)  # inner source 10.0.0.1 on
        f[off + 24:off + 26] = b"\0\0"
        f[off + 24:off + 26] = struct.pack("!H", _csum(bytes(f[off + 14:off + 34])))
        f[off + 34:off + 36] = struct.pack("!H", 1024 + i % 64000)
        if off:
            # A remote VTEP hashes the inner flow into the outer source port (RFC 7348 5).
            f[34:36] = struct.pack("!H", 49152 + zlib.crc32(struct.pack("!I", i)) % 16384)
        yield bytes(f)


def _write_pcap(path, frames):
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "wb") as fh:
        fh.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))  # Ethernet
        for n, f in enumerate(frames):
            fh.write(struct.pack("<IIII", n // 1000000, n % 1000000, len(f), len(f)))
            fh.write(f)
    os.replace(tmp, path)


def _check_capture(case, path):
    """Let scapy parse the first frames back: checksums and headers as the case says."""
    from scapy.all import IP, UDP, Ether, PcapReader
    from scapy.layers.vxlan import VXLAN

    with PcapReader(path) as rd:
        for n, pkt in enumerate(rd):
            if n == 2:
                break
            if len(pkt) != case.frame_len:
                raise RuntimeError(f"{path}: frame {n} is {len(pkt)} bytes, not {case.frame_len}")
            if case.path == "decap":
                if VXLAN not in pkt or pkt[VXLAN].vni != VNI or pkt[UDP].chksum != 0:
                    raise RuntimeError(f"{path}: frame {n} is not VXLAN VNI {VNI}")
                inner_ip = pkt[VXLAN][IP]
                if pkt[IP].chksum != _recsum(pkt[IP]):
                    raise RuntimeError(f"{path}: frame {n}: bad outer IP checksum")
            else:
                inner_ip = pkt[Ether][IP]
            if inner_ip.chksum != _recsum(inner_ip):
                raise RuntimeError(f"{path}: frame {n}: bad inner IP checksum")


def _recsum(ip):
    from scapy.all import IP

    c = IP(bytes(ip))
    del c.chksum
    return IP(bytes(c)).chksum


def capture(case, cache_dir, count=None, log=None):
    """Path of the case's capture (count frames, default case.packets), built if not cached."""
    count = count or case.packets
    os.makedirs(cache_dir, exist_ok=True)
    path = os.path.join(cache_dir, f"{case.name}-{count}p-v{CAPTURE_VERSION}.pcap")
    if not os.path.exists(path):
        if log:
            log(f"building capture {os.path.basename(path)} ({count} frames of {case.frame_len} B)")
        _write_pcap(path, _frames(case, count))
        _check_capture(case, path)
    return path


def vxsw_config(case, access, underlay, path, prelearn=False):
    """Write vxsw-dpdk's --config file (vxswctl(8) commands) for case to path.

    prelearn: also install the traffic's source MACs where learning would put them, as
    extern_learn entries (refreshed by traffic like learned ones), so that no packet waits
    for the control thread to learn: the callgrind count then does not depend on threads.
    """
    with open(path, "w") as fh:
        fh.write(f"# scripts/bench: {case.title}\n")
        fh.write(f"underlay set port {underlay} local {LOCAL_IP}/24 mtu {UNDERLAY_MTU}\n")
        fh.write(f"vni add {VNI}\n")
        fh.write(f"port set {access} vni {VNI}\n")
        # Static: no ARP for the remote VTEP, which does not exist.
        fh.write(f"neigh add {REMOTE_IP} lladdr {REMOTE_MAC}\n")
        if case.path == "encap":
            where = f"dst {REMOTE_IP}"
        else:
            # The remote VTEP must be a member of the VNI for its frames to be accepted.
            fh.write(f"flood add vni {VNI} dst {REMOTE_IP}\n")
            where = f"port {access}"
        w = fh.write
        for k in range(case.macs):
            w(f"fdb add {dst_mac(k)} vni {VNI} {where}\n")
        if prelearn:
            src = f"port {access}" if case.path == "encap" else f"dst {REMOTE_IP}"
            for j in range(case.hosts):
                w(f"fdb add {src_mac(j)} vni {VNI} {src} extern_learn\n")


def ovs_flows(case, access_ofport, tunnel_ofport, path):
    """OpenFlow rules for br-int equivalent to vxsw's static FDB: one rule per MAC."""
    if case.path == "encap":
        fmt = f"in_port={access_ofport},dl_dst=%s,actions=output:{tunnel_ofport}\n"
    else:
        fmt = f"in_port={tunnel_ofport},dl_dst=%s,actions=output:{access_ofport}\n"
    with open(path, "w") as fh:
        w = fh.write
        for k in range(case.macs):
            w(fmt % dst_mac(k))
