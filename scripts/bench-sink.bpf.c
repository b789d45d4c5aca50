// SPDX-License-Identifier: BSD-3-Clause
/*
 * scripts/bench-ebpf's sink: on the receiving tenant's device (tc ingress), frames to the sink
 * MAC end here, whichever path delivered them; the device has counted them already. Anything
 * else (ARP, ping) goes on, so the lab stays usable. Built by bench-ebpf at run time.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>

#ifndef SINK_MAC
#error "build with -DSINK_MAC=0x...: the sink MAC's six bytes as one number"
#endif

__attribute__((section("tc"), used)) int bench_sink(struct __sk_buff *skb)
{
	const unsigned char *d = (const void *)(long)skb->data;
	const unsigned char *end = (const void *)(long)skb->data_end;
	unsigned long long mac = 0;
	int i;

	if (d + 6 > end)
		return TC_ACT_OK;
	for (i = 0; i < 6; i++)
		mac = mac << 8 | d[i];
	return mac == SINK_MAC ? TC_ACT_SHOT : TC_ACT_OK;
}

char LICENSE[] __attribute__((section("license"), used)) = "GPL";
