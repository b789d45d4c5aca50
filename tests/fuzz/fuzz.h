/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz.h: what the fuzz targets (tests/fuzz/fuzz_*.c) share. CHECK states a promise of the code
 * under test; a broken one says where on stderr and traps, which libFuzzer, AFL++ and the
 * replay tests all take for a crash, with or without sanitizers and NDEBUG.
 */
#ifndef VXSW_FUZZ_H
#define VXSW_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CHECK(c)                                                                                   \
	do {                                                                                       \
		if (!(c)) {                                                                        \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c);      \
			__builtin_trap();                                                          \
		}                                                                                  \
	} while (0)

/* The entry point every target defines (libFuzzer's name). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* VXSW_FUZZ_H */
