#!/bin/sh
# bench/jvm-start.sh: the cost of tracer starts, for comparing jars and JVM flags.
# Run in a one-vCPU guest from the checkout:
#   bin/vm --icount --smp 1 -- bench/jvm-start.sh [RUNS] [JAR:OPTS ...]
# Each JAR:OPTS variant (default: this checkout's jar with the launchers'
# flags, tools/launch.sh, class-data archive included) runs -S -e, -c true -e and -l RUNS times (default 2), after one
# -S run (S-first) that brings the JDK and the jar into the guest's page cache
# and the kernel's symbols into /run/shadowtrace, which the timed runs read
# (with NOCACHE=1 in the environment they are removed before every run).
# One line per run: VARIANT COMMAND ELAPSED CPU (seconds; CPU is user+system
# of the JVM, all its threads). Compare CPU: under --icount it counts the
# instructions the JVM ran, while ELAPSED also holds the idle gaps (9p reads,
# timers) that -icount sleep=off skips over by amounts that vary run to run.
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-2}
[ $# -gt 0 ] && shift
if [ $# = 0 ]; then
	tool=jvm-start
	# shellcheck source=../tools/launch.sh
	. "$root/tools/launch.sh"
	set -- "$jar:$java_flags"
fi
script='fbt::vfs_read:entry { @n = count(); }'
times=$(mktemp)
for variant in "$@"; do
	jar=${variant%%:*} opts=${variant#*:}
	# The first start of the boot, printed as S-first: it also reads the JDK and the jar into the page
	# cache over 9p, and it builds the tracer's per-boot kernel symbols (/run/shadowtrace) that the
	# timed starts then read.
	rm -rf /run/shadowtrace
	# shellcheck disable=SC2086
	/usr/bin/time -o "$times" -f '%e %U %S' java $opts -jar "$jar" -S -e "$script" >/dev/null 2>&1
	read -r elapsed user sys <"$times"
	echo "$variant S-first $elapsed $(echo "$user $sys" | awk '{ printf "%.2f", $1 + $2 }')"
	for cmd in S c l; do
		i=0
		while [ "$i" -lt "$runs" ]; do
			case $cmd in
			S) set -- -S -e "$script" ;;
			c) set -- -c true -e "$script" ;;
			l) set -- -l 'fbt::vfs_*' ;;
			esac
			# NOCACHE=1: every start reads /proc/kallsyms and available_filter_functions, as a boot's first does
			[ -z "$NOCACHE" ] || rm -rf /run/shadowtrace
			# shellcheck disable=SC2086
			/usr/bin/time -o "$times" -f '%e %U %S' java $opts -jar "$jar" "$@" >/dev/null ||
				echo "$variant $cmd: failed" >&2
			read -r elapsed user sys <"$times"
			echo "$variant $cmd $elapsed $(echo "$user $sys" | awk '{ printf "%.2f", $1 + $2 }')"
			i=$((i + 1))
		done
	done
done
rm -f "$times"
