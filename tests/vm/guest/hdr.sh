#!/bin/bash
# hdr() in text and JSON, its encoding decoded by HdrHistogram, --interval
# deltas that add up to the totals, an --hdr-log read back by
# HistogramLogReader, event records lost to a small ring buffer counted, and
# --folded stacks written to a file with -o. Three traces: the guest is slow.
. "$(dirname "$0")/lib.sh"
cd "$root"
check() { java -cp shell/target/shadowtrace.jar:shell/target/test-classes dev.shadowtrace.shell.output.HdrCheckMain "$@"; }
# Only read-sizes' reads: the tracer's own JVM is not traced, but be explicit.
probe='fbt::vfs_read:entry /execname == "read-sizes"/'
# within WHAT VALUE TARGET: VALUE is TARGET within 2 significant digits (1%).
within() {
	awk -v v="$2" -v t="$3" 'BEGIN { d = v - t; if (d < 0) d = -d; exit !(d <= t / 100) }' \
		|| fail "$1: $2 is not $3 within 1%"
	echo "$1: $2 (target $3)"
}
# traced NAME ARGS...: trace (lib.sh), which must exit with 0.
traced() {
	trace "$@"
	expect_eq "$1: exit status" 0 "$rc"
}

echo "== hdr(), text, sizes 1..1000 once each; --folded kernel stacks; -o FILE"
traced text --folded -o /tmp/text.txt -c "read-sizes 1000" -e "$probe { @sizes = hdr(arg2); @[kstack] = count(); }"
cat /tmp/text.txt
expect_eq "-o: stdout has the command's output only" "1000 reads" "$(cat /tmp/text.out)"
header=$(grep -n ' count  *min  *mean  *p50  *p90  *p99  *p99.9  *max  *stddev$' /tmp/text.txt | cut -d: -f1)
[ -n "$header" ] || fail "text: no hdr() header"
read -r count min _mean p50 p90 p99 _p999 max _stddev <<<"$(sed -n "$((header + 1))p" /tmp/text.txt)"
expect_eq "text: count" 1000 "$count"
expect_eq "text: min" 1 "$min"
within "text: p50" "$p50" 500
within "text: p90" "$p90" 900
within "text: p99" "$p99" 990
within "text: max" "$max" 1000
folded=$(grep ';' /tmp/text.txt || true)
bad=$(grep -cvE '^[^ ;]+(;[^ ;]+)* [0-9]+$' <<<"$folded" || true)
expect_eq "folded: lines that are not 'frame;frame count'" 0 "$bad"
expect_eq "folded: the reads' stacks, counted" 1000 "$(awk '{ n += $NF } END { print n }' <<<"$folded")"
expect_eq "folded: each stack ends in vfs_read, innermost last" 0 "$(grep -cv ';vfs_read [0-9]*$' <<<"$folded" || true)"

echo "== JSON, --interval 1, --hdr-log: rounds of sizes 1..1000"
rounds=8
traced interval --json --interval 1 --hdr-log /tmp/sizes.hlog -c "read-sizes -r $rounds -s 1000 1000" \
	-e "$probe { @sizes = hdr(arg2, 3); @n = count(); @bytes = sum(arg2); }"
echo "-- hdr() in JSON (the totals, the last hdr line), its encoding decoded by HdrHistogram"
line=$(grep '"type": "hdr"' /tmp/interval.out | tail -1)
expect_eq "json: count" $((rounds * 1000)) "$(jq -r '.data["@sizes"].count' <<<"$line")"
expect_eq "json: digits" 3 "$(jq -r '.data["@sizes"].digits' <<<"$line")"
p50=$(jq -r '.data["@sizes"].p50' <<<"$line")
p99=$(jq -r '.data["@sizes"].p99' <<<"$line")
within "json: p50" "$p50" 500
within "json: p99" "$p99" 990
decoded=$(check decode "$(jq -r '.data["@sizes"].encoded' <<<"$line")" 1 1000 $rounds)
echo "decoded: $decoded"
expect_eq "json: the encoding decodes to the histogram of 1..1000, $rounds times" \
	"count $((rounds * 1000)) p50 $p50 p99 $p99 same" "$decoded"
expect_eq "json: nothing dropped" '{"lost_records":0,"failed_map_updates":0}' \
	"$(grep '"type": "drops"' /tmp/interval.out | jq -c .data)"
echo "-- --interval: the deltas add up to the totals"
intervals=$(grep -c '"type": "interval"' /tmp/interval.out)
[ "$intervals" -ge 2 ] || fail "interval: only $intervals snapshots of a run of $rounds s"
# Every map line after an "interval" line is a delta; the lines after the
# last snapshot's maps are the totals that end() prints (then "drops").
# (The lines that are not JSON are read-sizes' own output.)
deltas=$(grep '^{' /tmp/interval.out | awk '/"type": "interval"/ { n++ } { print n + 0, $0 }')
sum() { # MAP FIELD-FILTER: the sum of the map's values over the snapshots
	jq -R -s --arg m "$1" '[split("\n")[] | select(length > 0) | capture("^(?<n>[0-9]+) (?<j>.*)$")
		| (.j | fromjson) as $o | select($o.type == "map" or $o.type == "hdr") | $o.data[$m] // empty
		| '"$2"'] | add' <<<"$deltas"
}
total_n=$(grep '"type": "map"' /tmp/interval.out | jq -r '.data["@n"] // empty' | tail -1)
expect_eq "interval: total count" $((rounds * 1000)) "$total_n"
expect_eq "interval: sum of the count deltas (totals counted once)" $((2 * rounds * 1000)) "$(sum @n .)"
expect_eq "interval: sum of the sum() deltas" $((2 * rounds * 500500)) "$(sum @bytes .)"
expect_eq "interval: sum of the hdr() delta counts" $((2 * rounds * 1000)) "$(sum @sizes .count)"
# One hdr line per snapshot in which reads happened, and one for the total.
hdr_snapshots=$(( $(grep -c '"type": "hdr"' /tmp/interval.out) - 1 ))
log=$(check log /tmp/sizes.hlog)
echo "$log"
expect_eq "hdr-log: one histogram per snapshot with reads" "histograms $hdr_snapshots total $((rounds * 1000))" \
	"$(tail -1 <<<"$log")"
expect_eq "hdr-log: tagged with the aggregation" "$hdr_snapshots" "$(grep -c '^@sizes ' <<<"$log")"

echo "== lost records: a 4 KiB ring buffer overrun, counted and reported"
events=1000
traced lost -v --json --ringbuf-size 4096 -c "read-sizes $events" -e "$probe { printf(\"%d\\n\", arg2); }" >/dev/null
printed=$(grep -c '"type": "printf"' /tmp/lost.out)
lost=$(grep '"type": "drops"' /tmp/lost.out | jq -r .data.lost_records)
echo "printed $printed, lost $lost"
[ "$lost" -gt 0 ] || fail "lost: no record lost with a 4 KiB ring buffer"
expect_eq "lost: every record printed or counted lost" $events $((printed + lost))
grep -q "^shadowtrace: dropped in the kernel: $lost event records (ring buffer full), 0 map updates (map full)\$" \
	/tmp/lost.err || fail "lost: -v does not report the lost records"
echo "hdr: all checks passed"
