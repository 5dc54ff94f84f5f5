#!/bin/bash
# Runs inside `bin/vm --icount` (one vCPU, guest clock = instructions).
# The module's ATTACH of an entry probe on every traceable core function
# (one batch, the C client), first as is, then with function_graph on the
# functions below. Each traced call costs the tracer's own entry and exit,
# of which a part falls between the two timestamps of that call: O, what
# shk_charge() (which only adds two numbers) measures; the whole cost F
# per traced call is the traced ATTACH less the untraced one, over the
# traced calls. Each row's "less the tracer" takes O off once per call of
# its own and F once per traced call made inside it (counted from the
# trace's nesting).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
export PATH="$root/.build/progs:$PATH" LC_ALL=C
T=/sys/kernel/tracing
awk '($2 == "t" || $2 == "T") && NF == 3 {print $3}' /proc/kallsyms | sort | uniq -u >/tmp/unique
grep -v '\[' $T/available_filter_functions | sed 's/ .*//' | sort -u | comm -12 - /tmp/unique >/tmp/all
sleep 100000 &
other=$!
val() { sed -n "s/^$1=//p" "$2"; }

echo | probe -b -P $other -F /tmp/all >/tmp/plain
plain_us=$(val attach_us /tmp/plain) n=$(val attached /tmp/plain)

funcs="shk_probe_attach shk_shadow_patch_batch shk_probe_prepare shk_charge shk_site_find
	pcpu_alloc within_kprobe_blacklist kallsyms_lookup_size_offset insn_decode kmalloc_trace
	__kmalloc search_exception_tables bpf_prog_get_type_dev get_kprobe jump_label_text_reserved
	static_call_text_reserved alternatives_text_reserved kallsyms_lookup_name"
: >$T/set_ftrace_filter
# (Names of 6.1; another kernel may lack some, e.g. 6.12's kmalloc_trace.)
for f in $funcs; do echo "$f" >>$T/set_ftrace_filter 2>/dev/null || echo "not traceable here: $f" >&2; done
echo 131072 >$T/buffer_size_kb
echo function_graph >$T/current_tracer
echo funcgraph-tail >$T/trace_options
echo nofuncgraph-irqs >$T/trace_options
# Traced until the probes are attached and the process bound (not the
# detach): probe waits for a line on stdin after printing "bound".
mkfifo /tmp/go
probe -b -P $other -F /tmp/all </tmp/go >/tmp/traced &
exec 3>/tmp/go
until grep -q '^bound' /tmp/traced; do sleep 0.2; done
echo 0 >$T/tracing_on
echo >&3
exec 3>&-
wait $!
grep -q '^overrun: 0$' $T/per_cpu/cpu0/stats || { echo "FAIL: the trace buffer overran" >&2; exit 1; }
# "func() {" opens a call with traced calls inside, "} /* func */" ends it
# with its duration, "DURATION us | func();" is a leaf. Each function's
# calls, total time, and traced calls made inside it.
awk -F'|' 'NF >= 2 {
	d = $1; sub(/^ *[0-9]+\)/, "", d); gsub(/[^0-9.]/, "", d); f = $2
	if (f ~ /\) \{ *$/) { sub(/\(\).*/, "", f); gsub(/ |\[shadowk\]/, "", f); st[++sp] = f; next }
	if (f ~ /}/) { if (!match(f, /\/\* .+ \*\//)) next; f = substr(f, RSTART + 3, RLENGTH - 6); sp-- }
	else if (f ~ /\(\);/) sub(/\(\);.*/, "", f)
	else next
	gsub(/ |\[shadowk\]/, "", f)
	t[f] += d; c[f]++
	for (i = 1; i <= sp; i++) in_[st[i]]++
} END { for (f in t) printf "%s %d %.1f %d\n", f, c[f], t[f], in_[f] }' $T/trace >/tmp/prof
echo nop >$T/current_tracer
kill $other

# The tracer's cost per call: O inside a call's own time (shk_charge),
# F in all (from the whole request, shk_probe_attach).
O=$(awk '$1 == "shk_charge" { printf "%.3f", $3 / $2 }' /tmp/prof)
F=$(awk -v o="$O" -v p="$plain_us" '$1 == "shk_probe_attach" { printf "%.3f", ($3 - o - p) / $4 }' /tmp/prof)
total=$(awk '{ s += $2 } END { print s }' /tmp/prof)
echo "ATTACH of $n entry probes (every traceable core function), one batch: $((plain_us / 1000)) ms untraced ($((plain_us * 1000 / n)) ns per probe); traced: $(($(val attach_us /tmp/traced) / 1000)) ms, $total traced calls; the tracer's cost per traced call: $O us inside the call's own time (O), $F us in all (F)."
echo
echo "| function | calls | calls per probe | traced calls inside | traced: ms | less the tracer: ms | less the tracer: us per probe | share of the untraced ATTACH |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
sort -k3 -rn /tmp/prof | awk -v o="$O" -v f="$F" -v n="$n" -v plain="$plain_us" '{
	less = $3 - $2 * o - $4 * f
	printf "| `%s` | %d | %.2f | %d | %.1f | %.1f | %.1f | %.1f%% |\n", $1, $2, $2 / n, $4, $3 / 1000, less / 1000, less / n, less / plain * 100
}'
