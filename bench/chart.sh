#!/bin/bash
# Draws one PNG bar chart per table of a bench/paper.sh result (its
# markdown on stdin or in FILE): each row's throughput change against no
# tracing, in percent. Needs gnuplot (Debian's gnuplot-nox; installed here
# when missing).
#   bench/chart.sh RESULT.md OUTDIR     -> OUTDIR/paper-1.png, paper-3.png, ...
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/tools/vm/lib.sh"
vm_need /usr/bin/gnuplot gnuplot-nox
in=$1 out=$2
mkdir -p "$out"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
# Tables start at "### Probes on the N hottest function(s): F..."; rows are
# "| LABEL | ops | +-X.XX% | hits |" (row 1 has "0").
awk -v dir="$data" '
	/^### Probes on the / { n = $5; title[n] = substr($0, 5); file = dir "/" n ".dat"; next }
	file && /^\| [0-9]/ {
		split($0, c, "|"); label = c[2]; pct = c[4]
		gsub(/^ +| +$/, "", label); gsub(/[ %+]/, "", pct)
		sub(/\. .*/, "", label)
		printf "\"%s\" %s\n", label, pct >> file
	}
	END { for (n in title) print n "\t" title[n] > (dir "/titles") }
' "$in"
[ -s "$data/titles" ] || { echo "bench/chart.sh: no table in $in" >&2; exit 1; }
while IFS=$'\t' read -r n title; do
	gnuplot <<GP
set terminal png size 900,480 noenhanced
set output "$out/paper-$n.png"
set title "memcached gets/s against no tracing: $title"
set ylabel "throughput change (%)"
set xlabel "row of bench/README.md's table"
set style fill solid 0.8
set boxwidth 0.6
set grid ytics
set yrange [*:5]
set offsets graph 0, graph 0, graph 0.02, graph 0.12
unset key
plot "$data/$n.dat" using 0:2:xtic(1) with boxes lc rgb "#4477aa", \
     "" using 0:2:(sprintf("%.1f", \$2)) with labels offset 0,-1 notitle
GP
	echo "$out/paper-$n.png"
done <"$data/titles"
