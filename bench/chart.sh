#!/bin/bash
# Draws two PNG bar charts per table of a bench/paper.sh result (its
# markdown in FILE): each row's throughput change against no tracing, and
# its change in the workload's CPU per get, in percent. Needs gnuplot (Debian's gnuplot-nox; installed here
# when missing).
#   bench/chart.sh RESULT.md OUTDIR     -> OUTDIR/paper-1.png, paper-1-cpu.png, paper-1f.png, ...
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/tools/vm/lib.sh"
vm_need /usr/bin/gnuplot gnuplot-nox
in=$1 out=$2
mkdir -p "$out"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
# Tables start at "### Probes on the N hottest function(s): F..."; rows are
# "| LABEL | ops | +-X.XX% | cpu | +-Y.YY% | ..." (row 1 has "0"); a row
# without figures ("n/a") is left out of the chart.
awk -v dir="$data" '
	/^### Probes on the / {
		n = $5 (/that fentry can probe/ ? "f" : "")	# the set: 1, 3, 1f (bench/guest/paper.sh)
		title[n] = substr($0, 5); file = dir "/" n ".dat"; next
	}
	file && /^\| [0-9]/ {
		split($0, c, "|"); label = c[2]; pct = c[4]; cpu = c[6]
		gsub(/^ +| +$/, "", label); gsub(/[ %+]/, "", pct); gsub(/[ %+]/, "", cpu)
		sub(/\. .*/, "", label)
		if (pct ~ /^-?[0-9.]+$/ && cpu ~ /^-?[0-9.]+$/)
			printf "\"%s\" %s %s\n", label, pct, cpu >> file
	}
	END { for (n in title) print n "\t" title[n] > (dir "/titles") }
' "$in"
[ -s "$data/titles" ] || { echo "bench/chart.sh: no table in $in" >&2; exit 1; }
# chart N COLUMN FILE TITLE YLABEL YRANGE
chart() {
	gnuplot <<GP
set terminal png size 900,480 noenhanced
set output "$out/$3"
set title "$4"
set ylabel "$5"
set xlabel "row of bench/README.md's table"
set style fill solid 0.8
set boxwidth 0.6
set grid ytics
set yrange $6
set offsets graph 0, graph 0, graph 0.12, graph 0.12
unset key
plot "$data/$1.dat" using 0:$2:xtic(1) with boxes lc rgb "#4477aa", \
     "" using 0:$2:(sprintf("%.1f", \$$2)) with labels offset 0,-1 notitle
GP
	echo "$out/$3"
}
while IFS=$'\t' read -r n title; do
	chart "$n" 2 "paper-$n.png" "memcached gets/s against no tracing: $title" "throughput change (%)" "[*:5]"
	chart "$n" 3 "paper-$n-cpu.png" "the workload's CPU per get against no tracing: $title" "CPU per get, change (%)" "[-5:*]"
done <"$data/titles"
