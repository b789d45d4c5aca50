/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * secspec: a port's source check (anti-spoofing, dataplane/portsec.h) as the control protocol
 * carries it: PORT_SECURITY and the ALLOWED list of PORT_SECURITY_SET and port records. Read
 * and written here once for vxsw-dpdk's control server and vxswd's eBPF backend, with every
 * check a receiver makes. Plain C.
 */
#ifndef VXSW_CONTROL_SECSPEC_H
#define VXSW_CONTROL_SECSPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

#include "portsec.h"

/*
 * Read PORT_SECURITY (required) and ALLOWED of a request whose attributes proto_parse() put in
 * tb: *on and the *n allowed sources in a (none when off). 0, or -errno with *msg saying why
 * and *attr the VXSW_A_* at fault: allowed sources with security off, more than
 * VXSW_PORT_ALLOWED_MAX, a source without a MAC, a MAC not unicast or zero, a MAC given twice,
 * an address that is not IPv4.
 */
int secspec_get(const struct nlattr *const *tb, bool *on, uint32_t *n,
		struct vxsw_port_sec_entry a[VXSW_PORT_ALLOWED_MAX], const char **msg, int *attr);

/* Add PORT_SECURITY (on) and ALLOWED for the n sources a to nlh (size bytes). false if it does
 * not fit. */
bool secspec_put(struct nlmsghdr *nlh, size_t size, uint32_t n,
		 const struct vxsw_port_sec_entry *a);

#endif /* VXSW_CONTROL_SECSPEC_H */
