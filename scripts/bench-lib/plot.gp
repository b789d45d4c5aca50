# SPDX-License-Identifier: BSD-3-Clause
# scripts/bench's plot: cycles per packet (top) and Mpps (bottom), one group of bars per case,
# one bar per engine. Called with -e "dat=...; out=...; n=ENGINES; ncases=N; t1=...; t2=...".
set terminal pngcairo size (ncases > 4 ? 300 + 110 * ncases : 900), 900 font "sans,10" noenhanced
set output out
set datafile missing "?"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set grid ytics
set key outside top center horizontal
set xtics rotate by -25 nomirror
set yrange [0:*]
# Many cases span 40 to 3000 cycles: a log scale keeps the small ones readable.
if (ncases > 4) { set logscale y; set yrange [10:*]; set mytics 10 }
title(i) = i == 1 ? t1 : (i == 2 ? t2 : t3)
set multiplot layout 2,1
set title "TSC cycles per packet on the forwarding core (lower is better)"
set ylabel "cycles/packet"
plot for [i=1:n] dat using (column(2 * i)):xtic(1) title title(i)
if (ncases > 4) { set yrange [0.1:*] }
set title "Packets forwarded per second (higher is better)"
set ylabel "Mpps"
plot for [i=1:n] dat using (column(2 * i + 1)):xtic(1) title title(i)
unset multiplot
