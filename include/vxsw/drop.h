/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vxsw drop reasons: one X-macro list shared by every dataplane, the control protocol and the
 * CLI. Every packet a dataplane discards increments exactly one of these. Append only: the
 * numeric value of a reason is part of the BPF map layout and the control protocol.
 */
#ifndef VXSW_DROP_H
#define VXSW_DROP_H

/* X(ENUM_SUFFIX, "name shown to users") */
#define VXSW_DROP_REASONS(X)                                                                       \
	X(NONE, "none")                                                                            \
	X(PORT_UNBOUND, "port_unbound")                                                            \
	X(PORT_DOWN, "port_down")                                                                  \
	X(ETH_TRUNCATED, "eth_truncated")                                                          \
	X(SRC_MAC_INVALID, "src_mac_invalid")                                                      \
	X(STATIC_MAC_CONFLICT, "static_mac_conflict")                                              \
	X(SAME_PORT, "dst_is_ingress_port")                                                        \
	X(SPLIT_HORIZON, "split_horizon")                                                          \
	X(FLOOD_NO_DEST, "flood_no_destination")                                                   \
	X(UNDERLAY_ETHERTYPE, "underlay_unhandled_ethertype")                                      \
	X(UNDERLAY_NOT_LOCAL, "underlay_not_local")                                                \
	X(UNDERLAY_UNHANDLED, "underlay_unhandled_protocol")                                       \
	X(OUTER_IP_TRUNCATED, "outer_ip_truncated")                                                \
	X(OUTER_IP_VERSION, "outer_ip_bad_version")                                                \
	X(OUTER_IP_OPTIONS, "outer_ip_options")                                                    \
	X(OUTER_IP_LENGTH, "outer_ip_bad_length")                                                  \
	X(OUTER_IP_CHECKSUM, "outer_ip_bad_checksum")                                              \
	X(OUTER_IP_FRAGMENT, "outer_ip_fragment")                                                  \
	X(OUTER_UDP_TRUNCATED, "outer_udp_truncated")                                              \
	X(OUTER_UDP_LENGTH, "outer_udp_bad_length")                                                \
	X(OUTER_UDP_CHECKSUM, "outer_udp_bad_checksum")                                            \
	X(VXLAN_TRUNCATED, "vxlan_truncated")                                                      \
	X(VXLAN_I_FLAG, "vxlan_i_flag_clear")                                                      \
	X(VXLAN_RESERVED, "vxlan_reserved_bits")                                                   \
	X(VXLAN_UNKNOWN_VNI, "vxlan_unknown_vni")                                                  \
	X(VXLAN_UNKNOWN_VTEP, "vxlan_unknown_vtep")                                                \
	X(INNER_TRUNCATED, "inner_eth_truncated")                                                  \
	X(ENCAP_MTU, "encap_mtu_exceeded")                                                         \
	X(ENCAP_HEADROOM, "encap_no_headroom")                                                     \
	X(ENCAP_NO_UNDERLAY, "encap_no_underlay")                                                  \
	X(NEIGH_UNRESOLVED, "underlay_neigh_unresolved")                                           \
	X(NO_ROUTE, "underlay_no_route")                                                           \
	X(MBUF_ALLOC, "mbuf_alloc_failed")                                                         \
	X(TX_FULL, "tx_queue_full")                                                                \
	X(SLOWPATH_FULL, "slowpath_queue_full")                                                    \
	X(ARP_INVALID, "underlay_arp_invalid")                                                     \
	X(FLOW_DROP, "flow_drop")                                                                  \
	X(PORT_MAC_SPOOFED, "port_src_mac_spoofed")                                                \
	X(PORT_IP_SPOOFED, "port_src_ip_spoofed")

/* clang-format off */
enum vxsw_drop {
#define VXSW_DROP_ENUM(e, s) VXSW_DROP_##e,
	VXSW_DROP_REASONS(VXSW_DROP_ENUM)
#undef VXSW_DROP_ENUM
	VXSW_DROP_MAX
};
/* clang-format on */

#endif /* VXSW_DROP_H */
