/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * log: vxswd's messages on stderr, each line prefixed with its syslog priority ("<3>") so that
 * journald files it at the right level (sd-daemon(3) convention).
 */
#ifndef VXSW_CONTROL_LOG_H
#define VXSW_CONTROL_LOG_H

#include <syslog.h>

/* Messages above this priority (LOG_INFO by default; LOG_DEBUG with -v) are dropped. */
extern int log_max_prio;

__attribute__((format(printf, 2, 3))) void log_msg(int prio, const char *fmt, ...);

#define log_err(...)   log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARNING, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif /* VXSW_CONTROL_LOG_H */
