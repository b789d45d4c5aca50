/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * words: the values of the vxsw text commands (cmd.c) and flow rules (flowspec.c) read from one
 * word each: a MAC address and an IPv4 or IPv6 address. Plain C, no allocation.
 */
#ifndef VXSW_CONTROL_WORDS_H
#define VXSW_CONTROL_WORDS_H

#include <stdint.h>

/* xx:xx:xx:xx:xx:xx, two hex digits per byte. 0 or -EINVAL. */
int word_mac(const char *s, uint8_t mac[6]);

/* An IPv4 dotted quad or an IPv6 address into addr (zeroed first): its length (4 or 16) or
 * -EINVAL. */
int word_addr(const char *s, uint8_t addr[16]);

#endif /* VXSW_CONTROL_WORDS_H */
