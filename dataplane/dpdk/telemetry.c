/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * telemetry: vxsw-dpdk's commands for DPDK telemetry (dpdk-telemetry.py): /vxsw/stats (totals
 * and drop reasons by name) and /vxsw/lcores (busy cycles and packets per forwarding lcore).
 * They run in DPDK's telemetry thread and only read counters.
 */
#include <stdio.h>
#include <string.h>

#include <rte_telemetry.h>

#include "dp.h"

static const char *const drop_names[VXSW_DROP_MAX] = {
#define VXSW_DROP_NAME(e, s) [VXSW_DROP_##e] = s,
	VXSW_DROP_REASONS(VXSW_DROP_NAME)
#undef VXSW_DROP_NAME
};

static int tel_stats(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct model_stats st;
	uint32_t i;

	(void)cmd;
	(void)params;
	model_stats_get(&st);
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "rx_packets", st.c.rx_packets);
	rte_tel_data_add_dict_u64(d, "rx_bytes", st.c.rx_bytes);
	rte_tel_data_add_dict_u64(d, "tx_packets", st.c.tx_packets);
	rte_tel_data_add_dict_u64(d, "tx_bytes", st.c.tx_bytes);
	rte_tel_data_add_dict_u64(d, "drops", st.c.drops);
	rte_tel_data_add_dict_u64(d, "encap", st.c.encap);
	rte_tel_data_add_dict_u64(d, "decap", st.c.decap);
	rte_tel_data_add_dict_u64(d, "flood", st.c.flood);
	for (i = 1; i < VXSW_DROP_MAX; i++) {
		char key[64];

		snprintf(key, sizeof(key), "drop_%s", drop_names[i]);
		rte_tel_data_add_dict_u64(d, key, st.drops[i]);
	}
	return 0;
}

static int tel_lcores(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct model_stats st;
	uint32_t i;

	(void)cmd;
	(void)params;
	model_stats_get(&st);
	rte_tel_data_start_dict(d);
	for (i = 0; i < st.n_lcores; i++) {
		struct rte_tel_data *l = rte_tel_data_alloc();
		char key[32];

		if (!l)
			return -ENOMEM;
		rte_tel_data_start_dict(l);
		rte_tel_data_add_dict_u64(l, "busy_cycles", st.lcores[i].busy_cycles);
		rte_tel_data_add_dict_u64(l, "busy_packets", st.lcores[i].busy_packets);
		rte_tel_data_add_dict_u64(l, "cycles_per_packet",
					  st.lcores[i].busy_packets
						  ? st.lcores[i].busy_cycles /
							    st.lcores[i].busy_packets
						  : 0);
		snprintf(key, sizeof(key), "lcore%u", st.lcores[i].lcore_id);
		rte_tel_data_add_dict_container(d, key, l, 0);
	}
	return 0;
}

int telemetry_init(void)
{
	if (rte_telemetry_register_cmd("/vxsw/stats", tel_stats,
				       "vxsw totals and drops by reason. No parameters") < 0 ||
	    rte_telemetry_register_cmd("/vxsw/lcores", tel_lcores,
				       "vxsw busy cycles and packets per forwarding lcore") < 0)
		return -EINVAL;
	return 0;
}
