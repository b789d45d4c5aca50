/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * notify: the systemd readiness protocol (sd_notify(3)) without libsystemd, for the
 * Type=notify units of vxsw-dpdk and vxswd: one datagram to $NOTIFY_SOCKET.
 */
#ifndef VXSW_CONTROL_NOTIFY_H
#define VXSW_CONTROL_NOTIFY_H

/*
 * Send state ("READY=1", "STOPPING=1", "STATUS=...", newline separated) to the service manager.
 * Returns 1 if sent, 0 when not run by one ($NOTIFY_SOCKET unset), or -errno.
 */
int notify_send(const char *state);

#endif /* VXSW_CONTROL_NOTIFY_H */
