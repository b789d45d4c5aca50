/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vxsw-dpdk: the DPDK VXLAN switch. EAL options, then "--" and vxsw options. Every ethdev the
 * EAL probes (PCI or vdev) becomes a port named by its DPDK name; the main lcore runs the
 * control thread (control socket, learning, ARP, ageing) and every worker lcore forwards.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_pdump.h>

#include <vxsw/proto.h>

#include "ctl.h"
#include "dp.h"
#include "model.h"
#include "notify.h"

struct dp dp;

static struct {
	const char *socket;
	const char *config;
	uint32_t fdb_size;
	uint32_t mbufs;
	uint16_t rxd, txd;
} opt = {
	.socket = VXSW_DPDK_SOCK,
	.fdb_size = 65536,
	.mbufs = 16384,
	.rxd = 1024,
	.txd = 1024,
};

static void usage(const char *prog)
{
	fprintf(stderr,
		"Usage: %s [EAL options] -- [options]\n"
		"  -s, --socket PATH     control socket (default %s)\n"
		"  -c, --config FILE     vxswctl commands to apply at start, one per line\n"
		"      --idle-sleep USEC sleep this long when the RX queues are idle (default 0: "
		"always poll)\n"
		"      --fdb-size N      FDB entries, the hard limit (default 65536)\n"
		"      --max-vnis N      VNIs (default 4096)\n"
		"      --max-vteps N     remote VTEPs (default 1024)\n"
		"      --mbufs N         mbufs in the pool (default 16384)\n"
		"      --rxd N, --txd N  descriptors per queue (default 1024)\n"
		"  -h, --help\n"
		"Every port the EAL probes is a vxsw port, named by its DPDK name. Lcores: the "
		"main\n"
		"one runs the control thread, every other one forwards (give at least two).\n",
		prog, VXSW_DPDK_SOCK);
}

static int parse_u32(const char *s, const char *what, uint32_t min, uint32_t max, uint32_t *ret)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || end == s || s[0] == '-' || v < min || v > max) {
		fprintf(stderr, "vxsw-dpdk: invalid %s \"%s\": expected %u-%u\n", what, s, min,
			max);
		return -EINVAL;
	}
	*ret = (uint32_t)v;
	return 0;
}

static int parse_args(int argc, char **argv)
{
	static const struct option lo[] = {
		{"socket", required_argument, NULL, 's'},
		{"config", required_argument, NULL, 'c'},
		{"idle-sleep", required_argument, NULL, 'I'},
		{"fdb-size", required_argument, NULL, 'F'},
		{"max-vnis", required_argument, NULL, 'V'},
		{"max-vteps", required_argument, NULL, 'T'},
		{"mbufs", required_argument, NULL, 'M'},
		{"rxd", required_argument, NULL, 'R'},
		{"txd", required_argument, NULL, 'X'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	uint32_t v;
	int c;

	dp.max_vnis = 4096;
	dp.max_vteps = 1024;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:c:h", lo, NULL)) != -1) {
		switch (c) {
		case 's':
			opt.socket = optarg;
			break;
		case 'c':
			opt.config = optarg;
			break;
		case 'I':
			if (parse_u32(optarg, "--idle-sleep", 0, 1000000, &dp.idle_sleep_us))
				return -EINVAL;
			break;
		case 'F':
			if (parse_u32(optarg, "--fdb-size", 64, 16u << 20, &opt.fdb_size))
				return -EINVAL;
			break;
		case 'V':
			if (parse_u32(optarg, "--max-vnis", 1, 65535, &dp.max_vnis))
				return -EINVAL;
			break;
		case 'T':
			if (parse_u32(optarg, "--max-vteps", 1, 65535, &dp.max_vteps))
				return -EINVAL;
			break;
		case 'M':
			if (parse_u32(optarg, "--mbufs", 1024, 1u << 24, &opt.mbufs))
				return -EINVAL;
			break;
		case 'R':
		case 'X':
			if (parse_u32(optarg, c == 'R' ? "--rxd" : "--txd", 64, 16384, &v))
				return -EINVAL;
			if (c == 'R')
				opt.rxd = (uint16_t)v;
			else
				opt.txd = (uint16_t)v;
			break;
		case 'h':
			usage(argv[0]);
			exit(0);
		default:
			usage(argv[0]);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "vxsw-dpdk: unexpected argument \"%s\"\n", argv[optind]);
		return -EINVAL;
	}
	return 0;
}

static void on_signal(int sig)
{
	(void)sig;
	dp.quit = true;
}

static int port_init(uint16_t port, uint16_t nrxq, uint16_t ntxq)
{
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;
	struct dp_port *p = &dp.ports[port];
	char name[RTE_ETH_NAME_MAX_LEN];
	uint16_t q, rxd = opt.rxd, txd = opt.txd;
	int err;

	err = rte_eth_dev_info_get(port, &info);
	if (err)
		return err;
	rte_eth_dev_get_name_by_port(port, name);
	if (info.max_tx_queues < ntxq) {
		fprintf(stderr,
			"vxsw-dpdk: port %s has %u TX queues but %u forwarding lcores need one "
			"each (use fewer lcores, or more queues, e.g. qpairs=N for "
			"net_af_packet)\n",
			name, info.max_tx_queues, ntxq);
		return -EINVAL;
	}
	memset(&conf, 0, sizeof(conf));
	if (nrxq > 1) {
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf =
			info.flow_type_rss_offloads & (RTE_ETH_RSS_IP | RTE_ETH_RSS_UDP);
	}
	if (info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE)
		conf.txmode.offloads |= RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE;
	err = rte_eth_dev_configure(port, nrxq, ntxq, &conf);
	if (err)
		return err;
	err = rte_eth_dev_adjust_nb_rx_tx_desc(port, &rxd, &txd);
	if (err)
		return err;
	for (q = 0; q < nrxq; q++) {
		err = rte_eth_rx_queue_setup(port, q, rxd, rte_eth_dev_socket_id(port), NULL,
					     dp.pool);
		if (err)
			return err;
	}
	for (q = 0; q < ntxq; q++) {
		err = rte_eth_tx_queue_setup(port, q, txd, rte_eth_dev_socket_id(port), NULL);
		if (err)
			return err;
	}
	err = rte_eth_dev_start(port);
	if (err)
		return err;
	/* Access ports carry every tenant MAC; the underlay checks addresses itself. */
	rte_eth_promiscuous_enable(port);
	p->id = port;
	snprintf(p->name, sizeof(p->name), "%s", name);
	rte_eth_macaddr_get(port, &p->mac);
	p->role = VXSW_PORT_UNBOUND;
	snprintf(name, sizeof(name), "vxsw_inj%u", port);
	p->inject = rte_ring_create(name, 256, rte_eth_dev_socket_id(port),
				    RING_F_SP_ENQ | RING_F_SC_DEQ);
	return p->inject ? 0 : -ENOMEM;
}

static int lcores_init(void)
{
	unsigned int lcore;
	uint32_t i = 0;

	RTE_LCORE_FOREACH_WORKER(lcore)
	{
		struct dp_lcore *lc = rte_zmalloc_socket("lcore", sizeof(*lc), RTE_CACHE_LINE_SIZE,
							 (int)rte_lcore_to_socket_id(lcore));

		if (!lc)
			return -ENOMEM;
		lc->vni = rte_zmalloc("lc_vni", sizeof(*lc->vni) * dp.max_vnis, 64);
		lc->vtep = rte_zmalloc("lc_vtep", sizeof(*lc->vtep) * dp.max_vteps, 64);
		lc->fdbc = rte_zmalloc_socket("lc_fdbc", sizeof(*lc->fdbc), RTE_CACHE_LINE_SIZE,
					      (int)rte_lcore_to_socket_id(lcore));
		lc->mapc = rte_zmalloc_socket("lc_mapc", sizeof(*lc->mapc), RTE_CACHE_LINE_SIZE,
					      (int)rte_lcore_to_socket_id(lcore));
		lc->flow_ctr =
			rte_zmalloc_socket("lc_flow_ctr", sizeof(*lc->flow_ctr) * VXSW_FLOW_MAX,
					   RTE_CACHE_LINE_SIZE, (int)rte_lcore_to_socket_id(lcore));
		lc->emc = rte_zmalloc_socket("lc_emc", sizeof(*lc->emc), RTE_CACHE_LINE_SIZE,
					     (int)rte_lcore_to_socket_id(lcore));
		if (!lc->vni || !lc->vtep || !lc->fdbc || !lc->mapc || !lc->flow_ctr || !lc->emc)
			return -ENOMEM;
		lc->idx = i;
		lc->lcore_id = lcore;
		dp.lcores[i++] = lc;
	}
	dp.n_lcores = i;
	return 0;
}

int main(int argc, char **argv)
{
	uint16_t port, q;
	size_t sz;
	int ret;

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "vxsw-dpdk: EAL initialisation failed: %s\n",
			rte_strerror(rte_errno));
		return 1;
	}
	argc -= ret;
	argv += ret;
	argv[0] = (char *)"vxsw-dpdk";
	if (parse_args(argc, argv))
		goto err_eal;
	if (rte_lcore_count() < 2 || rte_lcore_count() - 1 > DP_MAX_LCORES) {
		fprintf(stderr,
			"vxsw-dpdk: need 2-%u lcores (e.g. -l 0,1): the main lcore runs the "
			"control thread, the others forward\n",
			DP_MAX_LCORES + 1);
		goto err_eal;
	}
	dp.n_ports = rte_eth_dev_count_avail();
	if (dp.n_ports == 0 || dp.n_ports > DP_MAX_PORTS) {
		fprintf(stderr,
			"vxsw-dpdk: found %u ports; need 1-%u (give --vdev or a PCI device)\n",
			dp.n_ports, DP_MAX_PORTS);
		goto err_eal;
	}
	if (lcores_init())
		goto err_nomem;
	dp.pool = rte_pktmbuf_pool_create("vxsw_mbufs", opt.mbufs, 256, 0,
					  RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	sz = rte_rcu_qsbr_get_memsize(dp.n_lcores);
	dp.qs = rte_zmalloc("vxsw_qsbr", sz, RTE_CACHE_LINE_SIZE);
	dp.learn_ring = rte_ring_create_elem("vxsw_learn", sizeof(struct dp_learn), 8192,
					     (int)rte_socket_id(), RING_F_SC_DEQ);
	dp.slow_ring = rte_ring_create("vxsw_slow", 1024, (int)rte_socket_id(), RING_F_SC_DEQ);
	if (!dp.pool || !dp.qs || !dp.learn_ring || !dp.slow_ring)
		goto err_nomem;
	rte_rcu_qsbr_init(dp.qs, dp.n_lcores);

	RTE_ETH_FOREACH_DEV(port)
	{
		struct rte_eth_dev_info info;
		uint16_t nrxq;

		if (port >= DP_MAX_PORTS) {
			fprintf(stderr, "vxsw-dpdk: port id %u above the limit %u\n", port,
				DP_MAX_PORTS - 1);
			goto err_eal;
		}
		if (rte_eth_dev_info_get(port, &info) != 0)
			goto err_eal;
		nrxq = (uint16_t)RTE_MIN(dp.n_lcores, info.max_rx_queues);
		ret = port_init(port, nrxq, (uint16_t)dp.n_lcores);
		if (ret) {
			fprintf(stderr, "vxsw-dpdk: cannot start port %u: %s\n", port,
				strerror(-ret));
			goto err_eal;
		}
		/* RX queues go round-robin over the forwarding lcores. */
		for (q = 0; q < nrxq; q++) {
			struct dp_lcore *lc = dp.lcores[(port + q) % dp.n_lcores];

			lc->rxq_port[lc->n_rxq] = port;
			lc->rxq_queue[lc->n_rxq++] = q;
		}
	}
	ret = model_init(opt.fdb_size);
	if (ret) {
		fprintf(stderr, "vxsw-dpdk: cannot create the tables: %s\n", strerror(-ret));
		goto err_eal;
	}
	if (telemetry_init())
		fprintf(stderr, "vxsw-dpdk: warning: telemetry commands not registered\n");
	if (rte_pdump_init() != 0)
		fprintf(stderr, "vxsw-dpdk: warning: packet capture (pdump) not available\n");
	ret = ctl_init(opt.socket);
	if (ret) {
		fprintf(stderr, "vxsw-dpdk: cannot serve the control socket %s: %s\n", opt.socket,
			strerror(-ret));
		goto err_model;
	}
	if (opt.config && ctl_load_config(opt.config) != 0)
		goto err_ctl;

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	for (uint32_t i = 0; i < dp.n_lcores; i++)
		rte_eal_remote_launch(fwd_main, dp.lcores[i], dp.lcores[i]->lcore_id);
	printf("vxsw-dpdk: forwarding on %u lcore(s), %u port(s), control socket %s\n", dp.n_lcores,
	       dp.n_ports, opt.socket);
	fflush(stdout);
	model_set_fdb_event(ctl_fdb_event, NULL);
	notify_send("READY=1");

	{
		uint64_t hz = rte_get_tsc_hz(), t0 = rte_get_tsc_cycles();

		while (!dp.quit) {
			ctl_poll(1);
			model_tick((rte_get_tsc_cycles() - t0) * 1000 / hz);
			ctl_flush_events();
		}
		notify_send("STOPPING=1");
	}
	dp.quit = true;
	rte_eal_mp_wait_lcore();
	RTE_ETH_FOREACH_DEV(port)
	{
		rte_eth_dev_stop(port);
		rte_eth_dev_close(port);
	}
	ctl_fini();
	model_fini();
	rte_eal_cleanup();
	return 0;

err_ctl:
	ctl_fini();
err_model:
	model_fini();
	goto err_eal;
err_nomem:
	fprintf(stderr, "vxsw-dpdk: out of memory (hugepages? -m?)\n");
err_eal:
	rte_eal_cleanup();
	return 1;
}
