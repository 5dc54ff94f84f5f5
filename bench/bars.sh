#!/bin/bash
# Draws one markdown table of a benchmark's result as a PNG bar chart: a
# bar per row, labelled by the row's LABELS columns (cut to 36
# characters), of the NTH number in its column COL (the CPU seconds in
# "21.8 (21.4)" are the 2nd). Rows without that number, or with words in
# that cell ("killed at 604.1"), are left out.
# Needs gnuplot (Debian's gnuplot-nox; installed here when missing).
#   bench/bars.sh RESULT.md TABLE LABELS COL NTH OUT.png "TITLE" "Y LABEL"
#   (TABLE: the how-manyth table of the file, from 1; LABELS: columns joined
#   by commas, e.g. 1,2)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/tools/vm/lib.sh"
vm_need /usr/bin/gnuplot gnuplot-nox
[ $# = 8 ] || { sed -n '2,9p' "$0" >&2; exit 2; }
in=$1 table=$2 labels=$3 col=$4 nth=$5 out=$6 title=$7 ylabel=$8
data=$(mktemp)
trap 'rm -f "$data"' EXIT
awk -v want="$table" -v labels="$labels" -v col="$col" -v nth="$nth" '
	/^\|/ { if (!in_table) { n++; in_table = 1; header = 1; next } }
	!/^\|/ { in_table = 0; next }
	n != want || /^\|[-:| ]+$/ { next }
	{
		split($0, c, "|"); split(labels, lc, ",")
		label = ""
		for (i = 1; i in lc; i++) { l = c[lc[i] + 1]; gsub(/^ +| +$|`|"/, "", l); label = label (label ? " " : "") l }
		if (length(label) > 36) label = substr(label, 1, 35) "~"
		cell = c[col + 1]; v = ""
		if (cell ~ /[A-Za-z]/) next	# "not armed: killed at ...": no figure
		for (k = 1; k <= nth; k++) {
			if (!match(cell, /-?[0-9]+(\.[0-9]+)?/)) { v = ""; break }
			v = substr(cell, RSTART, RLENGTH); cell = substr(cell, RSTART + RLENGTH)
		}
		if (v != "") printf "\"%s\" %s\n", label, v
	}
' "$in" >"$data"
[ -s "$data" ] || { echo "bench/bars.sh: no figures in table $table, column $col of $in" >&2; exit 1; }
gnuplot <<GP
set terminal png size 1000,560 noenhanced
set output "$out"
set title "$title"
set ylabel "$ylabel"
set style fill solid 0.8
set boxwidth 0.6
set grid ytics
set xtics rotate by 30 right
set xzeroaxis
set yrange [*<0:*]
set lmargin 24
set offsets graph 0, graph 0, graph 0.12, graph 0
set bmargin 12
unset key
plot "$data" using 0:2:xtic(1) with boxes lc rgb "#4477aa", \
     "" using 0:2:(sprintf("%g", \$2)) with labels offset 0,0.7 notitle
GP
echo "$out"
