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
#include "flow.h"
#include "pkt.h"
#include "portsec.h"
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

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct vxsw_bpf_flow_sel);
} vxsw_flow_sel SEC(".maps");

/* A port's allowed sources (vxswctl port security), by ifindex; absent: no check. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, VXSW_BPF_PORTS_MAX);
	__type(key, __u32);
	__type(value, struct vxsw_port_sec);
} vxsw_port_sec SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2 * VXSW_BPF_FLOW_MASKS);
	__type(key, __u32);
	__type(value, struct vxsw_bpf_flow_mask);
} vxsw_flow_masks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 2 * VXSW_BPF_FLOWS_MAX);
	__type(key, struct vxsw_bpf_flow_key);
	__type(value, struct vxsw_bpf_flow);
} vxsw_flow_rules SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, VXSW_BPF_FLOWS_MAX);
	__type(key, __u32);
	__type(value, struct vxsw_bpf_flow_stats);
} vxsw_flow_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} vxsw_gen SEC(".maps");

/*
 * The forwarding caches, one per program: per CPU, direct-mapped, not pinned (an empty cache is
 * only slower). An entry is what the maps said about one key under one generation of vxsw_gen,
 * so a hit is one array lookup (which the verifier inlines) instead of five hash lookups; the
 * checks that depend on the frame itself (its type, length, the flow table, port security)
 * still run on every frame.
 */
#define CACHE_BITS 10
_Static_assert(VXSW_BPF_CACHE_SIZE == 1 << CACHE_BITS, "cache size");

/* How frames of a VNI reach a remote VTEP: their outer headers and the underlay device. */
struct encap_path {
	struct vxlan_tmpl tmpl;
	__u32 oif;
	__u16 sport_min, sport_max;
	/* The longest frame, outer headers included, that oif took when bpf_check_mtu() last
	 * asked (its MTU plus its Ethernet header); 0 until then. Longer frames ask again. */
	__u32 mtu_len;
	__u32 pad;
};

/* A local port's frames, by (destination MAC, source MAC, input port). */
struct port_cache {
	__u64 k0; /* the frame's first 8 bytes: destination MAC, source MAC's first two bytes */
	__u64 k1; /* the source MAC's last four bytes, then the input ifindex */
	__u64 gen;
	__u64 refresh_at; /* when the source is due for refresh_due(); ~0: never */
	__u32 vni;	  /* the input port's */
	__u8 port_flags;  /* the input port's VXSW_BPF_PORT_* */
	__u8 out_flags;	  /* local: the output port's VXSW_BPF_PORT_* */
	__u16 pad;
	vxsw_be32 remote; /* 0: local, to port path.oif */
	__u32 pad2;
	struct encap_path path;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, VXSW_BPF_CACHE_SIZE);
	__type(key, __u32);
	__type(value, struct port_cache);
} vxsw_port_cache SEC(".maps");

/* The underlay's frames, by (inner destination MAC, inner source MAC, VTEP, VNI). */
struct underlay_cache {
	__u64 k0; /* inner destination MAC, inner source MAC's first two bytes */
	__u64 k1; /* the inner source MAC's last four bytes */
	__u64 k2; /* the sending VTEP, then the VNI */
	__u64 gen;
	__u64 refresh_at;
	__u32 oif;
	__u8 out_flags;
	__u8 pad[3];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, VXSW_BPF_CACHE_SIZE);
	__type(key, __u32);
	__type(value, struct underlay_cache);
} vxsw_underlay_cache SEC(".maps");

/* The maps' generation now (0: caches off), read before any lookup whose result is cached: a
 * change written after this read bumps it past what the entry records. */
static __always_inline __u64 generation(void)
{
	__u32 zero = 0;
	__u64 *g = bpf_map_lookup_elem(&vxsw_gen, &zero);

	return g ? *(volatile __u64 *)g : 0;
}

static __always_inline __u32 cache_slot(__u64 k0, __u64 k1)
{
	return (__u32)(((k0 ^ (k1 * 0x9e3779b97f4a7c15ULL)) * 0xc2b2ae3d27d4eb4fULL) >>
		       (64 - CACHE_BITS));
}

/* A cached source's refresh is due: the frame takes the maps' way, which sends it. */
static __always_inline int cache_refresh_due(__u64 refresh_at)
{
	return refresh_at != ~0ULL && bpf_ktime_get_coarse_ns() >= refresh_at;
}

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

/* A frame the fast path cannot carry: to the kernel, or, when a flow rule sent it (strict), to
 * nowhere, as the kernel would switch it as if no rule were there. */
static __always_inline int fail(struct vxsw_bpf_stats *st, int strict, __u32 reason)
{
	return strict ? drop(st, reason) : pass(st, reason);
}

/* A veth's host side delivers into its peer's ingress directly, skipping the backlog queue. */
static __always_inline long redirect_port(__u32 ifindex, __u8 flags)
{
	if (flags & VXSW_BPF_PORT_PEER)
		return bpf_redirect_peer(ifindex, 0);
	return bpf_redirect(ifindex, 0);
}

/*
 * The BPF_F_ADJ_ROOM_DECAP_* flags for a VXLAN frame the fast path can decapsulate, or 0 with
 * *why saying why not.
 */
static __always_inline __u64 decap_flags(const struct __sk_buff *skb, const struct vxsw_eth *ieth,
					 const struct vxlan_rx *rx, __u32 len, enum vxsw_drop *why)
{
	/* skb->protocol after the pop; anything else cannot be told to the kernel. */
	if (ieth->type != pkt_htons(VXSW_ETHERTYPE_IPV4) &&
	    ieth->type != pkt_htons(VXSW_ETHERTYPE_IPV6)) {
		*why = (enum vxsw_drop)VXSW_BPF_NOT_IP;
		return 0;
	}
	/* A GRO-merged train: the kernel's vxlan device segments it right. */
	if (skb->gso_segs > 1 || skb->gso_size) {
		*why = (enum vxsw_drop)VXSW_BPF_GSO;
		return 0;
	}
	/* Ethernet padding after the IP packet would stay on the inner frame; the kernel trims
	 * it (no VXLAN frame needs padding: the smallest is 64 bytes). */
	if (len != (__u32)rx->inner_off + rx->inner_len) {
		*why = VXSW_DROP_OUTER_IP_LENGTH;
		return 0;
	}
	return ieth->type == pkt_htons(VXSW_ETHERTYPE_IPV4) ? DECAP_L3_IPV4 : DECAP_L3_IPV6;
}

/* The flow table's selector when it holds rules, else NULL: no table to look at. */
static __always_inline const struct vxsw_bpf_flow_sel *flows_active(void)
{
	const struct vxsw_bpf_flow_sel *sel;
	__u32 zero = 0;

	sel = bpf_map_lookup_elem(&vxsw_flow_sel, &zero);
	return sel && sel->n_masks[sel->set & 1] ? sel : NULL;
}

/*
 * The flow table's verdict on a tenant frame (frame: its first n bytes; the rest of the key as
 * flow_key_extract() takes it), sel being flows_active()'s: the winning rule, or NULL. The
 * tuple-space search of dataplane/cls.c: the set's masks best priority first, one hash lookup each,
 * until no mask left can hold a better rule. The rule's counters move here.
 */
static __always_inline const struct vxsw_bpf_flow *flow_verdict(const struct vxsw_bpf_flow_sel *sel,
								const __u8 *frame, __u64 n,
								__u32 len, __u32 ifindex, __u32 vni,
								int vlan)
{
	const struct vxsw_bpf_flow *best = NULL, *r;
	struct vxsw_bpf_flow_key k;
	struct vxsw_bpf_flow_stats *c;
	struct flow_key key;
	__u32 set = sel->set & 1, nm = sel->n_masks[set], i, j;

	flow_key_extract(&key, frame, (__u32)n, ifindex > 0xffff ? 0xffff : (__u16)ifindex, vni);
	/* A tag the driver took out is still the frame's outer ethertype, as in vxsw-dpdk. */
	if (vlan) {
		__builtin_memset(&key.f.ip_src, 0, 40);
		key.f.ethertype = pkt_htons(VXSW_ETHERTYPE_VLAN);
		key.f.ip_proto = key.f.ip_version = 0;
		key.f.l4_src = key.f.l4_dst = 0;
	}
	for (i = 0; i < VXSW_BPF_FLOW_MASKS; i++) {
		const struct vxsw_bpf_flow_mask *m;
		__u32 mi = set * VXSW_BPF_FLOW_MASKS + i;

		if (i >= nm)
			break;
		m = bpf_map_lookup_elem(&vxsw_flow_masks, &mi);
		if (!m)
			break;
		/* Masks come best first: once one cannot beat the winner, none can. */
		if (best && m->max_prio < best->priority)
			break;
		k.set_mask = mi;
		k.pad = 0;
		for (j = 0; j < 8; j++)
			k.value.w[j] = key.w[j] & m->mask.w[j];
		r = bpf_map_lookup_elem(&vxsw_flow_rules, &k);
		if (r && (!best || r->priority > best->priority ||
			  (r->priority == best->priority && r->id < best->id)))
			best = r;
	}
	if (best) {
		i = best->slot;
		c = bpf_map_lookup_elem(&vxsw_flow_stats, &i);
		if (c) {
			c->packets++;
			c->bytes += len;
		}
	}
	return best;
}

/*
 * Writes the first n bytes of the frame, n a constant: directly when they are in the skb's
 * linear part (always so after bpf_skb_adjust_room() made room in front), else by the helper,
 * whose call costs about as much as the whole header build (25-30 ns in a VM). T: words as
 * wide as src's alignment allows (the verifier checks the alignment of stack reads).
 */
#define HEAD_WRITE(skb, src, n, T)                                                                 \
	({                                                                                         \
		void *data_ = (void *)(long)(skb)->data;                                           \
		void *end_ = (void *)(long)(skb)->data_end;                                        \
		long ret_ = 0;                                                                     \
		_Static_assert((n) % sizeof(T) == 0, "whole words");                               \
		if (data_ + (n) <= end_) {                                                         \
			for (int i_ = 0; i_ < (int)((n) / sizeof(T)); i_++)                        \
				((T *)data_)[i_] = ((const T *)(src))[i_];                         \
		} else {                                                                           \
			ret_ = bpf_skb_store_bytes((skb), 0, (src), (n), 0);                       \
		}                                                                                  \
		ret_;                                                                              \
	})

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

/* When a dynamic source that refresh_due() just let through falls due: ~0 for never. */
static __always_inline __u64 refresh_deadline(const struct vxsw_bpf_fdb *e,
					      const struct vxsw_bpf_cfg *cfg)
{
	__u64 at = e->refreshed + cfg->refresh_ns;

	if (!(e->flags & VXSW_BPF_FDB_DYNAMIC) || at < e->refreshed)
		return ~0ULL;
	return at;
}

/* The path to remote for vni, from the maps; 0, or why the fast path cannot take it. */
static __always_inline __u32 encap_resolve(struct encap_path *ep, const struct vxsw_bpf_cfg *cfg,
					   vxsw_be32 remote, __u32 vni)
{
	struct vxlan_tmpl_params p;
	struct vxsw_bpf_nexthop *nh;
	struct vxsw_bpf_vni *vi;

	nh = bpf_map_lookup_elem(&vxsw_nexthops, &remote);
	if (!nh)
		return VXSW_BPF_NO_NEXTHOP;
	vi = bpf_map_lookup_elem(&vxsw_vnis, &vni);
	if (!vi)
		return VXSW_DROP_VXLAN_UNKNOWN_VNI;
	if (!cfg->local_ip)
		return VXSW_DROP_ENCAP_NO_UNDERLAY;
	__builtin_memcpy(p.src_mac, nh->smac, VXSW_ETH_ALEN);
	__builtin_memcpy(p.dst_mac, nh->dmac, VXSW_ETH_ALEN);
	p.src_ip = nh->saddr;
	p.dst_ip = remote;
	p.dstport = cfg->dstport;
	p.ttl = vi->ttl ? vi->ttl : 64;
	p.tos = vi->tos;
	vxlan_tmpl_init(&ep->tmpl, &p);
	ep->oif = nh->ifindex;
	ep->sport_min = vi->sport_min;
	ep->sport_max = vi->sport_max;
	ep->mtu_len = 0;
	ep->pad = 0;
	return 0;
}

/* A known unicast frame for a remote VTEP, by path ep: the outer headers go between the inner
 * Ethernet header and its payload, and the frame leaves on the underlay device (RFC 7348
 * section 5). */
static __always_inline int encap_send(struct __sk_buff *skb, struct vxsw_bpf_stats *st,
				      struct encap_path *ep, __u32 vni, const __u8 *inner,
				      __u32 inner_n, __u32 len, int strict)
{
	__u8 hdr[VXSW_VXLAN4_OVERHEAD + VXSW_ETH_HLEN] __attribute__((aligned(8)));
	__u32 mtu = 0, oif = ep->oif;

	/* bpf_skb_adjust_room() encapsulates IPv4 and IPv6 only; ARP stays with the kernel. */
	if (skb->protocol != pkt_htons(VXSW_ETHERTYPE_IPV4) &&
	    skb->protocol != pkt_htons(VXSW_ETHERTYPE_IPV6))
		return fail(st, strict, VXSW_BPF_NOT_IP);
	/* VTEPs do not fragment (RFC 7348 section 4.3); the kernel decides what an oversized
	 * frame gets. A GSO frame passes: its segments are checked when it is segmented. A
	 * frame no longer than one the device took before needs no new check (the helper looks
	 * the device up by its index every time, which costs as much as building the headers).
	 * The MTU found stays with the cache entry that holds ep; vxswd bumps the generation,
	 * which empties the caches, when a next hop's device changes its MTU. */
	if (len + VXSW_VXLAN4_OVERHEAD > ep->mtu_len) {
		if (bpf_check_mtu(skb, oif, &mtu, VXSW_VXLAN4_OVERHEAD, 0))
			return fail(st, strict, VXSW_DROP_ENCAP_MTU);
		ep->mtu_len = mtu + VXSW_ETH_HLEN;
	}

	vxlan_encap_write(hdr, &ep->tmpl, len, vni,
			  vxlan_sport(inner, inner_n, ep->sport_min, ep->sport_max));
	__builtin_memcpy(hdr + VXSW_VXLAN4_OVERHEAD, inner, VXSW_ETH_HLEN);

	/* 50 bytes after the MAC header: [inner Ethernet][room][inner L3...]. On failure the
	 * frame is unchanged. */
	if (bpf_skb_adjust_room(skb, VXSW_VXLAN4_OVERHEAD, BPF_ADJ_ROOM_MAC, ENCAP_FLAGS))
		return fail(st, strict, VXSW_DROP_ENCAP_HEADROOM);
	/* The headers and the inner Ethernet header over [inner Ethernet][room]. */
	if (HEAD_WRITE(skb, hdr, sizeof(hdr), __u64))
		return drop(st, VXSW_DROP_ENCAP_HEADROOM);
	if (bpf_redirect(oif, 0) != TC_ACT_REDIRECT)
		return drop(st, VXSW_BPF_REDIRECT);
	st->encap_packets++;
	st->encap_bytes += len;
	return TC_ACT_REDIRECT;
}

/* Port-local delivery of a frame of len bytes. */
static __always_inline int local_send(struct vxsw_bpf_stats *st, __u32 oif, __u8 flags, __u32 len,
				      int strict)
{
	if (redirect_port(oif, flags) != TC_ACT_REDIRECT)
		return fail(st, strict, VXSW_BPF_REDIRECT);
	st->local_packets++;
	st->local_bytes += len;
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
	const struct vxsw_bpf_flow_sel *fsel;
	const struct vxsw_bpf_flow *rule;
	const struct vxsw_port_sec *sec;
	struct vxsw_bpf_port *port, *out;
	struct vxsw_bpf_fdb *src, *dst;
	struct port_cache *c = NULL;
	struct vxsw_bpf_stats *st;
	struct vxsw_bpf_cfg *cfg;
	struct encap_path ep;
	__u32 zero = 0, ifindex = skb->ifindex, len = skb->len, vni, r;
	__u64 n, gen, k0 = 0, k1 = 0, refresh_at;
	__u8 pflags, oflags = 0;
	vxsw_be32 remote;
	int hit = 0;

	st = bpf_map_lookup_elem(&vxsw_stats, &zero);
	cfg = bpf_map_lookup_elem(&vxsw_cfg, &zero);
	if (!st || !cfg)
		return TC_ACT_OK;
	gen = generation();
	n = load_head(skb, buf, PORT_LOAD);
	if (n && gen) {
		__u32 slot;

		k0 = pkt_load64(buf);
		k1 = (__u64)pkt_load32(buf + 8) << 32 | ifindex;
		slot = cache_slot(k0, k1);
		c = bpf_map_lookup_elem(&vxsw_port_cache, &slot);
		hit = c && c->gen == gen && c->k0 == k0 && c->k1 == k1;
	}
	if (hit) {
		vni = c->vni;
		pflags = c->port_flags;
	} else {
		port = bpf_map_lookup_elem(&vxsw_ports, &ifindex);
		if (!port || !port->vni)
			return pass(st, VXSW_DROP_PORT_UNBOUND);
		if (!n)
			return pass(st, VXSW_DROP_ETH_TRUNCATED);
		vni = port->vni;
		pflags = port->flags;
	}
	/* Anti-spoofing first: neither the flow table nor the kernel sees a forged frame. */
	/* The port's flag first: a lookup costs some 35 ns, and most ports are not secured. */
	sec = pflags & VXSW_BPF_PORT_SECURED ? bpf_map_lookup_elem(&vxsw_port_sec, &ifindex) : NULL;
	if (sec) {
		enum vxsw_drop why = vxsw_port_sec_check(sec, buf, (__u32)n);

		if (why != VXSW_DROP_NONE)
			return drop(st, why);
	}
	fsel = flows_active();
	rule = fsel ? flow_verdict(fsel, buf, n, len, ifindex, vni, skb->vlan_present) : NULL;
	if (rule) {
		switch (rule->action) {
		case VXSW_FLOW_ACT_DROP:
			return drop(st, VXSW_DROP_FLOW_DROP);
		case VXSW_FLOW_ACT_OUTPUT:
			return local_send(st, rule->ifindex, rule->flags, len, 1);
		case VXSW_FLOW_ACT_ENCAP:
			r = encap_resolve(&ep, cfg, rule->remote, rule->vni ? rule->vni : vni);
			if (r)
				return drop(st, r);
			return encap_send(skb, st, &ep, rule->vni ? rule->vni : vni, buf, n, len,
					  1);
		default:
			break; /* normal, count: the switch */
		}
	}
	if (skb->vlan_present || eth->type == pkt_htons(VXSW_ETHERTYPE_VLAN) ||
	    eth->type == pkt_htons(ETHERTYPE_QINQ))
		return pass(st, VXSW_BPF_VLAN);
	if (pkt_mac_is_multicast(eth->dst))
		return pass(st, VXSW_BPF_BUM);
	if (!pkt_mac_is_valid_src(eth->src))
		return pass(st, VXSW_DROP_SRC_MAC_INVALID);
	if (hit && !cache_refresh_due(c->refresh_at)) {
		if (!c->remote)
			return local_send(st, c->path.oif, c->out_flags, len, 0);
		return encap_send(skb, st, &c->path, vni, buf, n, len, 0);
	}

	/* The source must be known on this very port; the bridge learns or moves it. */
	key.vni = vni;
	__builtin_memcpy(key.mac, eth->src, VXSW_ETH_ALEN);
	src = bpf_map_lookup_elem(&vxsw_fdb, &key);
	if (!src || src->ifindex != ifindex)
		return pass(st, VXSW_BPF_LEARN);
	if (refresh_due(src, cfg))
		return pass(st, VXSW_BPF_REFRESH);
	refresh_at = refresh_deadline(src, cfg);

	__builtin_memcpy(key.mac, eth->dst, VXSW_ETH_ALEN);
	dst = bpf_map_lookup_elem(&vxsw_fdb, &key);
	if (!dst)
		return pass(st, VXSW_BPF_UNKNOWN_DST);
	remote = dst->ifindex ? 0 : dst->remote;
	if (remote) {
		r = encap_resolve(&ep, cfg, remote, vni);
		if (r)
			return pass(st, r);
	} else {
		ep.oif = dst->ifindex;
		if (ep.oif == ifindex)
			return pass(st, VXSW_DROP_SAME_PORT);
		/* Never into a port of another VNI, whatever a stale entry says. */
		out = bpf_map_lookup_elem(&vxsw_ports, &ep.oif);
		if (!out || out->vni != vni)
			return pass(st, VXSW_BPF_UNKNOWN_DST);
		oflags = out->flags;
	}
	if (c) {
		c->k0 = k0;
		c->k1 = k1;
		c->gen = gen;
		c->refresh_at = refresh_at;
		c->vni = vni;
		c->port_flags = pflags;
		c->out_flags = oflags;
		c->remote = remote;
		if (remote)
			c->path = ep;
		else
			c->path.oif = ep.oif;
	}
	if (remote) /* through the cache's copy, which keeps the MTU found */
		return encap_send(skb, st, c ? &c->path : &ep, vni, buf, n, len, 0);
	return local_send(st, ep.oif, oflags, len, 0);
}

/*
 * Pops the 50 bytes after the outer MAC header (outer IPv4, UDP, VXLAN, inner Ethernet) and
 * delivers the inner frame to port oif. A failure (no memory, an inner L3 header shorter than
 * its minimum) leaves the frame unchanged: the kernel delivers it, unless a rule steered it
 * (strict).
 */
static __always_inline int decap_deliver(struct __sk_buff *skb, struct vxsw_bpf_stats *st,
					 const struct vxsw_eth *ieth, __u64 decap, __u32 oif,
					 __u8 oflags, __u32 inner_len, int strict)
{
	if (bpf_skb_adjust_room(skb, -VXSW_VXLAN4_OVERHEAD, BPF_ADJ_ROOM_MAC, decap))
		return fail(st, strict, VXSW_BPF_REDIRECT);
	/* The outer MAC header is not in skb->csum (CHECKSUM_COMPLETE): no checksum update. */
	if (HEAD_WRITE(skb, ieth, VXSW_ETH_HLEN, __u16))
		return drop(st, VXSW_BPF_REDIRECT);
	if (redirect_port(oif, oflags) != TC_ACT_REDIRECT)
		return drop(st, VXSW_BPF_REDIRECT);
	st->decap_packets++;
	st->decap_bytes += inner_len;
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
	const struct vxsw_bpf_flow_sel *fsel;
	struct vxsw_bpf_member_key mkey = {0};
	struct vxsw_bpf_fdb_key key = {0};
	struct underlay_cache *c = NULL;
	struct vxsw_bpf_fdb *src, *dst;
	struct vxlan_rx_cfg rxcfg;
	struct vxsw_bpf_port *out;
	struct vxsw_bpf_stats *st;
	struct vxsw_bpf_cfg *cfg;
	struct vxsw_bpf_vni *vi = NULL;
	__u32 zero = 0, len = skb->len, vni, oif;
	__u64 decap, gen, k0, k1, k2, refresh_at = ~0ULL;
	struct vxlan_rx rx;
	enum vxsw_drop r;
	int hit = 0;

	st = bpf_map_lookup_elem(&vxsw_stats, &zero);
	cfg = bpf_map_lookup_elem(&vxsw_cfg, &zero);
	if (!st || !cfg || !cfg->local_ip)
		return TC_ACT_OK;
	gen = generation();
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
	k0 = pkt_load64(ieth);
	k1 = pkt_load32(buf + VXSW_VXLAN4_OVERHEAD + 8);
	k2 = (__u64)rx.src_ip << 32 | vni;
	if (gen) {
		__u32 slot = cache_slot(k0 ^ k1, k2);

		c = bpf_map_lookup_elem(&vxsw_underlay_cache, &slot);
		hit = c && c->gen == gen && c->k0 == k0 && c->k1 == k1 && c->k2 == k2;
	}
	if (!hit) {
		vi = bpf_map_lookup_elem(&vxsw_vnis, &vni);
		if (!vi)
			return pass(st, VXSW_DROP_VXLAN_UNKNOWN_VNI);
		mkey.vni = vni;
		mkey.ip = rx.src_ip;
		if (!bpf_map_lookup_elem(&vxsw_members, &mkey))
			return pass(st, VXSW_DROP_VXLAN_UNKNOWN_VTEP);
	}
	/* The flow table sees the inner frame, as vxsw-dpdk's does after decapsulation. */
	if ((fsel = flows_active()) != NULL) {
		__u8 ibuf[LOAD_BUF] __attribute__((aligned(8)));
		const struct vxsw_bpf_flow *rule;
		__u64 in = rx.inner_len < PORT_LOAD ? rx.inner_len : PORT_LOAD;

		if (!pkt_mac_is_valid_src(ieth->src))
			return pass(st, VXSW_DROP_SRC_MAC_INVALID);
		barrier_var(in);
		if (in < VXSW_ETH_HLEN || bpf_skb_load_bytes(skb, rx.inner_off, ibuf, in))
			return pass(st, VXSW_DROP_INNER_TRUNCATED);
		rule = flow_verdict(fsel, ibuf, in, rx.inner_len, skb->ifindex, vni, 0);
		if (rule && rule->action == VXSW_FLOW_ACT_DROP)
			return drop(st, VXSW_DROP_FLOW_DROP);
		if (rule && rule->action == VXSW_FLOW_ACT_OUTPUT) {
			/* Steered: decapsulated to the rule's port, whatever the FDB says. */
			decap = decap_flags(skb, ieth, &rx, len, &r);
			if (!decap)
				return drop(st, r);
			return decap_deliver(skb, st, ieth, decap, rule->ifindex, rule->flags,
					     rx.inner_len, 1);
		}
		/* vxswd accepts ENCAP and FLOOD only on local ports' frames. */
		if (rule && rule->action != VXSW_FLOW_ACT_NORMAL &&
		    rule->action != VXSW_FLOW_ACT_COUNT)
			return drop(st, VXSW_DROP_FLOW_DROP);
	}
	if (pkt_mac_is_multicast(ieth->dst))
		return pass(st, VXSW_BPF_BUM);
	decap = decap_flags(skb, ieth, &rx, len, &r);
	if (!decap)
		return pass(st, r);
	if (!pkt_mac_is_valid_src(ieth->src))
		return pass(st, VXSW_DROP_SRC_MAC_INVALID);
	if (hit && !cache_refresh_due(c->refresh_at))
		return decap_deliver(skb, st, ieth, decap, c->oif, c->out_flags, rx.inner_len, 0);
	/* A hit due for refresh: the VNI again, which the checks below need. */
	if (!vi && !(vi = bpf_map_lookup_elem(&vxsw_vnis, &vni)))
		return pass(st, VXSW_DROP_VXLAN_UNKNOWN_VNI);

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
		refresh_at = refresh_deadline(src, cfg);
	}

	__builtin_memcpy(key.mac, ieth->dst, VXSW_ETH_ALEN);
	dst = bpf_map_lookup_elem(&vxsw_fdb, &key);
	if (!dst || !dst->ifindex)
		return pass(st, VXSW_BPF_UNKNOWN_DST);
	oif = dst->ifindex;
	out = bpf_map_lookup_elem(&vxsw_ports, &oif);
	if (!out || out->vni != vni)
		return pass(st, VXSW_BPF_UNKNOWN_DST);
	if (c) {
		c->k0 = k0;
		c->k1 = k1;
		c->k2 = k2;
		c->gen = gen;
		c->refresh_at = refresh_at;
		c->oif = oif;
		c->out_flags = out->flags;
	}
	return decap_deliver(skb, st, ieth, decap, oif, out->flags, rx.inner_len, 0);
}

char LICENSE[] SEC("license") = "GPL";
