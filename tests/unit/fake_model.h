/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fake_model: dataplane/dpdk/model.h implemented over tiny plain-C arrays, so the control
 * server (ctl.c) is tested without DPDK. Tests read the state and the change counter directly.
 */
#ifndef VXSW_TEST_FAKE_MODEL_H
#define VXSW_TEST_FAKE_MODEL_H

#include "dpdk/model.h"
#include "flowspec.h"

#define FAKE_PORTS 3
#define FAKE_VNIS  8
#define FAKE_FLOOD 16
#define FAKE_FDB   2048
#define FAKE_NEIGH 8
#define FAKE_FLOWS 16

struct fake_fdb {
	bool used;
	struct model_fdb_info info;
};

struct fake_model {
	unsigned int changes; /* successful changes, to prove failed requests change nothing */
	struct model_port_info ports[FAKE_PORTS];
	struct model_vni_info vnis[FAKE_VNIS];
	bool vni_used[FAKE_VNIS];
	struct {
		bool used;
		uint32_t vni;
		struct vxsw_ip remote;
	} flood[FAKE_FLOOD];
	struct fake_fdb fdb[FAKE_FDB];
	struct {
		bool used;
		struct model_neigh_info info;
	} neigh[FAKE_NEIGH];
	struct model_config config;
	struct model_underlay underlay;
	struct flow_spec flows[FAKE_FLOWS]; /* by position; id 0 = free */
	uint32_t next_flow_id;
	struct model_stats stats;
	unsigned int stats_cleared;
};

extern struct fake_model fake;

/* Three ports p0 (underlay), p1 and p2 (unbound), no VNIs, default knobs. */
void fake_model_reset(void);

#endif /* VXSW_TEST_FAKE_MODEL_H */
