#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# One libFuzzer target for a bounded time: what each test of meson's 'fuzz' suite runs
# (tests/fuzz/meson.build). New inputs go to a scratch corpus in the build directory, never to
# the source tree; the checked-in seeds and regressions are read only.
#
#   run.sh FUZZER WORKDIR [-LIBFUZZER_OPTION...] SEED_DIR...
#   VXSW_FUZZ_TIME   seconds of fuzzing per target (default 15: the five targets and a build
#                    stay under two minutes)
#
# Exit 0 when the time ran out without a finding, 1 otherwise (never 77, which meson would
# count as a skip). A crashing input is kept in WORKDIR/artifacts/.
set -uo pipefail

fuzzer=$1
work=$2
shift 2
secs=${VXSW_FUZZ_TIME:-15}
if [[ ! $secs =~ ^[0-9]+$ ]] || ((secs < 1)); then
	echo "run.sh: VXSW_FUZZ_TIME must be a number of seconds, not '$secs'" >&2
	exit 1
fi

rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
"$fuzzer" -max_total_time="$secs" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
	-error_exitcode=1 -timeout_exitcode=1 -artifact_prefix="$work/artifacts/" \
	"$work/corpus" "$@"
rc=$?
if ((rc != 0)); then
	name=$(basename "$fuzzer")
	echo "run.sh: $name failed (exit $rc); inputs kept:" >&2
	ls -l "$work/artifacts" >&2
	echo "run.sh: reproduce with replay_${name#fuzz_} FILE, then keep the input as" \
		"tests/fuzz/regressions/${name#fuzz_}/<what-broke>" >&2
	exit 1
fi
exit 0
