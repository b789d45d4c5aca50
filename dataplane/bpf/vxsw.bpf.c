// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * vxsw eBPF fast path: the TC ingress programs of the local ports (vxsw_port_in: switch or
 * encapsulate) and of the underlay device (vxsw_underlay_in: decapsulate), over the maps of
 * include/vxsw/bpf.h that vxswd fills and pins. What they do not handle goes on, unchanged and
 * counted by reason, to the kernel's bridge and vxlan devices, which stay the slow path.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

#include <vxsw/bpf.h>
#include <vxsw/drop.h>
#include <vxsw/wire.h>

/* Every shared helper inlined, not only those the compiler picks: inside the caller it sees
 * the stack buffer's alignment (word loads instead of byte loads) and constant offsets. */
#pragma clang attribute push(__attribute__((always_inline)), apply_to = function)
#include "pkt.h"
#include "vxlan.h"
#pragma clang attribute pop

/* BPF_F_ADJ_ROOM_DECAP_L3_IPV4/6 (Linux 6.3), missing from older uapi headers (bookworm's are
 * 6.1): after the pop, skb->protocol becomes the inner frame's L3 protocol, which a redirect
 * into a veth's peer does not derive again from the Ethernet header. */
#define DECAP_L3_IPV4 (1ULL << 7)
#define DECAP_L3_IPV6 (1ULL << 8)

#define ETHERTYPE_QINQ 0x88a8

/* Outer IPv4 + UDP + VXLAN in front of the inner Ethernet header, which stays where it is. */
#define ENCAP_FLAGS                                                                                \
	(BPF_F_ADJ_ROOM_ENCAP_L3_IPV4 | BPF_F_ADJ_ROOM_ENCAP_L4_UDP |                              \
	 BPF_F_ADJ_ROOM_ENCAP_L2_ETH | BPF_F_ADJ_ROOM_ENCAP_L2(VXSW_ETH_HLEN))

/* The most vxlan_sport() reads of an inner frame: Ethernet, an IPv4 header with 40 bytes of
 * options, the L4 ports. */
#define PORT_LOAD (VXSW_ETH_HLEN + 60 + 4)
/* The most vxlan_rx_check() reads: Ethernet and an IPv4 header with options (for their
 * checksum). A VXLAN frame it accepts has no options: its outer headers and the inner
 * Ethernet header are the first 64 bytes. */
#define UNDERLAY_LOAD (VXSW_ETH_HLEN + 60)
#define LOAD_BUF      80

_Static_assert(PORT_LOAD <= LOAD_BUF && UNDERLAY_LOAD <= LOAD_BUF, "load buffer");
_Static_assert(VXSW_VXLAN4_OVERHEAD + VXSW_ETH_HLEN <= UNDERLAY_LOAD, "underlay load");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct vxsw_bpf_cfg);
} vxsw_cfg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, VXSW_BPF_VNIS_MAX);
	__type(key, __u32);
	__type(value, struct vxsw_bpf_vni);
} vxsw_vnis SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, VXSW_BPF_PORTS_MAX);
	__type(key, __u32);
	__type(value, struct vxsw_bpf_port);
} vxsw_ports SEC(".maps");

/* Preallocated: an insert from vxswd never fails for lack of memory once the map exists. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, VXSW_BPF_FDB_MAX);
	__type(key, struct vxsw_bpf_fdb_key);
	__type(value, struct vxsw_bpf_fdb);
} vxsw_fdb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, VXSW_BPF_MEMBERS_MAX);
	__type(key, struct vxsw_bpf_member_key);
	__type(value, __u32);
} vxsw_members SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, VXSW_BPF_NEXTHOPS_MAX);
	__type(key, vxsw_be32);
	__type(value, struct vxsw_bpf_nexthop);
} vxsw_nexthops SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct vxsw_bpf_stats);
} vxsw_stats SEC(".maps");

/* The frame goes on to the kernel unchanged. */
static __always_inline int pass(struct vxsw_bpf_stats *st, __u32 reason)
{
	if (reason < VXSW_BPF_REASON_MAX)
		st->passed[reason]++;
	return TC_ACT_OK;
}

/* Only once the frame was changed: the kernel could not make sense of it any more. */
static __always_inline int drop(struct vxsw_bpf_stats *st, __u32 reason)
{
	if (reason < VXSW_BPF_REASON_MAX)
		st->dropped[reason]++;
	return TC_ACT_SHOT;
}

/* A veth's host side delivers into its peer's ingress directly, skipping the backlog queue. */
static __always_inline long redirect_port(__u32 ifindex, __u8 flags)
{
	if (flags & VXSW_BPF_PORT_PEER)
		return bpf_redirect_peer(ifindex, 0);
	return bpf_redirect(ifindex, 0);
}

/*
 * Copies the first min(skb->len, max) bytes of the frame into buf: one helper call, whatever the
 * frame's layout in the skb. Returns how many, or 0 if that is less than an Ethernet header.
 */
static __always_inline __u64 load_head(struct __sk_buff *skb, __u8 *buf, __u64 max)
{
	__u64 n = skb->len;

	if (n > max)
		n = max;
	/* The verifier must see the bounds on the register passed to the helper, not a copy. */
	barrier_var(n);
	if (n < VXSW_ETH_HLEN || bpf_skb_load_bytes(skb, 0, buf, n))
		return 0;
	return n;
}

/* Has a dynamic entry gone refresh_ns without a frame to the kernel? Then this frame goes, so
 * that the kernel's own entry does not age out while the fast path carries the traffic. */
static __always_inline int refresh_due(struct vxsw_bpf_fdb *e, const struct vxsw_bpf_cfg *cfg)
{
	__u64 now;

	if (!(e->flags & VXSW_BPF_FDB_DYNAMIC))
		return 0;
	/* The coarse clock: no TSC read per frame (costly in a VM); ticks are far finer than the
	 * refresh interval. */
	now = bpf_ktime_get_coarse_ns();
	if (now - e->refreshed < cfg->refresh_ns)
		return 0;
	e->refreshed = now;
	return 1;
}

/* A known unicast frame for a remote VTEP: the outer headers go between the inner Ethernet
 * header and its payload, and the frame leaves on the underlay device (RFC 7348 section 5). */
static __always_inline int encap(struct __sk_buff *skb, struct vxsw_bpf_stats *st,
				 const struct vxsw_bpf_cfg *cfg, vxsw_be32 remote, __u32 vni,
				 const __u8 *inner, __u32 inner_n, __u32 len)
{
	__u8 hdr[VXSW_VXLAN4_OVERHEAD + VXSW_ETH_HLEN] __attribute__((aligned(8)));
	struct vxlan_tmpl t __attribute__((aligned(8)));
	struct vxlan_tmpl_params p;
	struct vxsw_bpf_nexthop *nh;
	struct vxsw_bpf_vni *vi;
	__u32 mtu = 0, oif;
	__u16 sport;

	nh = bpf_map_lookup_elem(&vxsw_nexthops, &remote);
	if (!nh)
		return pass(st, VXSW_BPF_NO_NEXTHOP);
	vi = bpf_map_lookup_elem(&vxsw_vnis, &vni);
	if (!vi)
		return pass(st, VXSW_DROP_VXLAN_UNKNOWN_VNI);
	if (!cfg->local_ip)
		return pass(st, VXSW_DROP_ENCAP_NO_UNDERLAY);
	/* bpf_skb_adjust_room() encapsulates IPv4 and IPv6 only; ARP stays with the kernel. */
	if (skb->protocol != pkt_htons(VXSW_ETHERTYPE_IPV4) &&
	    skb->protocol != pkt_htons(VXSW_ETHERTYPE_IPV6))
		return pass(st, VXSW_BPF_NOT_IP);
	oif = nh->ifindex;
	/* VTEPs do not fragment (RFC 7348 section 4.3); the kernel decides what an oversized
	 * frame gets. A GSO frame passes: its segments are checked when it is segmented. */
	if (bpf_check_mtu(skb, oif, &mtu, VXSW_VXLAN4_OVERHEAD, 0))
		return pass(st, VXSW_DROP_ENCAP_MTU);

	sport = vxlan_sport(inner, inner_n, vi->sport_min, vi->sport_max);
	__builtin_memcpy(p.src_mac, nh->smac, VXSW_ETH_ALEN);
	__builtin_memcpy(p.dst_mac, nh->dmac, VXSW_ETH_ALEN);
	p.src_ip = nh->saddr;
	p.dst_ip = remote;
	p.dstport = cfg->dstport;
	p.ttl = vi->ttl ? vi->ttl : 64;
	p.tos = vi->tos;
	vxlan_tmpl_init(&t, &p);
	vxlan_encap_write(hdr, &t, len, vni, sport);
	__builtin_memcpy(hdr + VXSW_VXLAN4_OVERHEAD, inner, VXSW_ETH_HLEN);

	/* 50 bytes after the MAC header: [inner Ethernet][room][inner L3...]. On failure the
	 * frame is unchanged. */
	if (bpf_skb_adjust_room(skb, VXSW_VXLAN4_OVERHEAD, BPF_ADJ_ROOM_MAC, ENCAP_FLAGS))
		return pass(st, VXSW_DROP_ENCAP_HEADROOM);
	/* The headers and the inner Ethernet header over [inner Ethernet][room]. */
	if (bpf_skb_store_bytes(skb, 0, hdr, sizeof(hdr), 0))
		return drop(st, VXSW_DROP_ENCAP_HEADROOM);
	if (bpf_redirect(oif, 0) != TC_ACT_REDIRECT)
		return drop(st, VXSW_BPF_REDIRECT);
	st->encap_packets++;
	st->encap_bytes += len;
	return TC_ACT_REDIRECT;
}

/*
 * Ingress of a local port (the host side of a tenant's veth, a member of the VNI's bridge):
 * known unicast between two local ports of the VNI, or to a remote VTEP, bypasses the bridge
 * and the vxlan device. Everything else (flooding, learning, ageing, VLANs) stays with them.
 */
SEC("tc")
int vxsw_port_in(struct __sk_buff *skb)
{
	__u8 buf[LOAD_BUF] __attribute__((aligned(8)));
	const struct vxsw_eth *eth = (const struct vxsw_eth *)buf;
	struct vxsw_bpf_fdb_key key = {0};
	struct vxsw_bpf_port *port, *out;
	struct vxsw_bpf_fdb *src, *dst;
	struct vxsw_bpf_stats *st;
	struct vxsw_bpf_cfg *cfg;
	__u32 zero = 0, ifindex = skb->ifindex, len = skb->len, vni, oif;
	__u64 n;

	st = bpf_map_lookup_elem(&vxsw_stats, &zero);
	cfg = bpf_map_lookup_elem(&vxsw_cfg, &zero);
	if (!st || !cfg)
		return TC_ACT_OK;
	port = bpf_map_lookup_elem(&vxsw_ports, &ifindex);
	if (!port || !port->vni)
		return pass(st, VXSW_DROP_PORT_UNBOUND);
	vni = port->vni;

	n = load_head(skb, buf, PORT_LOAD);
	if (!n)
		return pass(st, VXSW_DROP_ETH_TRUNCATED);
	if (skb->vlan_present || eth->type == pkt_htons(VXSW_ETHERTYPE_VLAN) ||
	    eth->type == pkt_htons(ETHERTYPE_QINQ))
		return pass(st, VXSW_BPF_VLAN);
	if (pkt_mac_is_multicast(eth->dst))
		return pass(st, VXSW_BPF_BUM);
	if (!pkt_mac_is_valid_src(eth->src))
		return pass(st, VXSW_DROP_SRC_MAC_INVALID);

	/* The source must be known on this very port; the bridge learns or moves it. */
	key.vni = vni;
	__builtin_memcpy(key.mac, eth->src, VXSW_ETH_ALEN);
	src = bpf_map_lookup_elem(&vxsw_fdb, &key);
	if (!src || src->ifindex != ifindex)
		return pass(st, VXSW_BPF_LEARN);
	if (refresh_due(src, cfg))
		return pass(st, VXSW_BPF_REFRESH);

	__builtin_memcpy(key.mac, eth->dst, VXSW_ETH_ALEN);
	dst = bpf_map_lookup_elem(&vxsw_fdb, &key);
	if (!dst)
		return pass(st, VXSW_BPF_UNKNOWN_DST);
	oif = dst->ifindex;
	if (!oif)
		return encap(skb, st, cfg, dst->remote, vni, buf, n, len);
	if (oif == ifindex)
		return pass(st, VXSW_DROP_SAME_PORT);
	/* Never into a port of another VNI, whatever a stale entry says. */
	out = bpf_map_lookup_elem(&vxsw_ports, &oif);
	if (!out || out->vni != vni)
		return pass(st, VXSW_BPF_UNKNOWN_DST);
	if (redirect_port(oif, out->flags) != TC_ACT_REDIRECT)
		return pass(st, VXSW_BPF_REDIRECT);
	st->local_packets++;
	st->local_bytes += len;
	return TC_ACT_REDIRECT;
}

/*
 * Ingress of the underlay device: a VXLAN frame for a known unicast MAC on a local port of its
 * VNI is decapsulated and delivered to that port. Frames that are not VXLAN pass uncounted;
 * VXLAN frames the fast path does not take pass to the kernel's vxlan device, counted.
 */
SEC("tc")
int vxsw_underlay_in(struct __sk_buff *skb)
{
	__u8 buf[LOAD_BUF] __attribute__((aligned(8)));
	const struct vxsw_eth *ieth = (const struct vxsw_eth *)(buf + VXSW_VXLAN4_OVERHEAD);
	struct vxsw_bpf_member_key mkey = {0};
	struct vxsw_bpf_fdb_key key = {0};
	struct vxsw_bpf_fdb *src, *dst;
	struct vxlan_rx_cfg rxcfg;
	struct vxsw_bpf_port *out;
	struct vxsw_bpf_stats *st;
	struct vxsw_bpf_cfg *cfg;
	struct vxsw_bpf_vni *vi;
	__u32 zero = 0, len = skb->len, vni, oif;
	struct vxlan_rx rx;
	enum vxsw_drop r;
	__u64 decap;
	__u8 oflags;

	st = bpf_map_lookup_elem(&vxsw_stats, &zero);
	cfg = bpf_map_lookup_elem(&vxsw_cfg, &zero);
	if (!st || !cfg || !cfg->local_ip)
		return TC_ACT_OK;
	/* An 802.1Q tag the driver took out: not for this device's own address, as a tag left
	 * in the frame is not IPv4 to vxlan_rx_check(). */
	if (skb->vlan_present)
		return TC_ACT_OK;

	if (!load_head(skb, buf, UNDERLAY_LOAD))
		return pass(st, VXSW_DROP_ETH_TRUNCATED);
	/* len is the whole frame's: vxlan_rx_check() reads no more of it than load_head() copied.
	 * A non-zero UDP checksum is not verified (RFC 7348 section 5 makes it a MAY): senders
	 * with checksum offload hand frames over before it is filled in. */
	rxcfg.local_ip = cfg->local_ip;
	rxcfg.dstport = cfg->dstport;
	rxcfg.ignore_reserved = cfg->flags & VXSW_BPF_CFG_IGNORE_RESERVED;
	rxcfg.verify_udp_csum = false;
	r = vxlan_rx_check(buf, len, &rxcfg, &rx);
	if (r == VXSW_DROP_UNDERLAY_ETHERTYPE || r == VXSW_DROP_UNDERLAY_NOT_LOCAL ||
	    r == VXSW_DROP_UNDERLAY_UNHANDLED)
		return TC_ACT_OK; /* not VXLAN: the host's own traffic */
	if (r != VXSW_DROP_NONE)
		return pass(st, r);

	vni = rx.vni;
	vi = bpf_map_lookup_elem(&vxsw_vnis, &vni);
	if (!vi)
		return pass(st, VXSW_DROP_VXLAN_UNKNOWN_VNI);
	mkey.vni = vni;
	mkey.ip = rx.src_ip;
	if (!bpf_map_lookup_elem(&vxsw_members, &mkey))
		return pass(st, VXSW_DROP_VXLAN_UNKNOWN_VTEP);
	if (pkt_mac_is_multicast(ieth->dst))
		return pass(st, VXSW_BPF_BUM);
	/* skb->protocol after the pop; anything else cannot be told to the kernel. */
	if (ieth->type == pkt_htons(VXSW_ETHERTYPE_IPV4))
		decap = DECAP_L3_IPV4;
	else if (ieth->type == pkt_htons(VXSW_ETHERTYPE_IPV6))
		decap = DECAP_L3_IPV6;
	else
		return pass(st, VXSW_BPF_NOT_IP);
	/* A GRO-merged train: the kernel's vxlan device segments it right. */
	if (skb->gso_segs > 1 || skb->gso_size)
		return pass(st, VXSW_BPF_GSO);
	/* Ethernet padding after the IP packet would stay on the inner frame; the kernel trims
	 * it (no VXLAN frame needs padding: the smallest is 64 bytes). */
	if (len != (__u32)rx.inner_off + rx.inner_len)
		return pass(st, VXSW_DROP_OUTER_IP_LENGTH);
	if (!pkt_mac_is_valid_src(ieth->src))
		return pass(st, VXSW_DROP_SRC_MAC_INVALID);

	/* With learning, the source must be known behind this very VTEP: the vxlan device learns
	 * it or its move, and keeps a dynamic entry alive from the frames it sees. */
	key.vni = vni;
	if (vi->flags & VXSW_BPF_VNI_LEARNING) {
		__builtin_memcpy(key.mac, ieth->src, VXSW_ETH_ALEN);
		src = bpf_map_lookup_elem(&vxsw_fdb, &key);
		if (!src || src->ifindex || src->remote != rx.src_ip)
			return pass(st, VXSW_BPF_LEARN);
		if (refresh_due(src, cfg))
			return pass(st, VXSW_BPF_REFRESH);
	}

	__builtin_memcpy(key.mac, ieth->dst, VXSW_ETH_ALEN);
	dst = bpf_map_lookup_elem(&vxsw_fdb, &key);
	if (!dst || !dst->ifindex)
		return pass(st, VXSW_BPF_UNKNOWN_DST);
	oif = dst->ifindex;
	out = bpf_map_lookup_elem(&vxsw_ports, &oif);
	if (!out || out->vni != vni)
		return pass(st, VXSW_BPF_UNKNOWN_DST);
	oflags = out->flags;

	/* Pops the 50 bytes after the outer MAC header (outer IPv4, UDP, VXLAN, inner Ethernet);
	 * the inner Ethernet header then goes over the outer one. A failure (no memory, an inner
	 * L3 header shorter than its minimum) leaves the frame unchanged: the fast path could not
	 * deliver it, the kernel does. */
	if (bpf_skb_adjust_room(skb, -VXSW_VXLAN4_OVERHEAD, BPF_ADJ_ROOM_MAC, decap))
		return pass(st, VXSW_BPF_REDIRECT);
	/* The outer MAC header is not in skb->csum (CHECKSUM_COMPLETE): no checksum update. */
	if (bpf_skb_store_bytes(skb, 0, ieth, VXSW_ETH_HLEN, 0))
		return drop(st, VXSW_BPF_REDIRECT);
	if (redirect_port(oif, oflags) != TC_ACT_REDIRECT)
		return drop(st, VXSW_BPF_REDIRECT);
	st->decap_packets++;
	st->decap_bytes += rx.inner_len;
	return TC_ACT_REDIRECT;
}

char LICENSE[] SEC("license") = "GPL";
