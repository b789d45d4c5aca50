/* SPDX-License-Identifier: BSD-3-Clause */
/* log: priority-prefixed lines on stderr (see log.h). */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>

int log_max_prio = LOG_INFO;

void log_msg(int prio, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	if (prio > log_max_prio)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One write per line, so that lines of concurrent writers do not interleave. */
	fprintf(stderr, "<%d>vxswd: %s\n", prio, line);
}
