# Shared by the guest-side test scripts (they run as root inside bin/vm).
set -eu
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
P=$root/.build/progs
export PATH="$P:$PATH"

fail() { echo "FAIL: $*" >&2; exit 1; }
expect_eq() { [ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"; }

# trace NAME ARGS...: bin/shadowtrace ARGS with stdout in /tmp/NAME.out and
# stderr in /tmp/NAME.err, both shown after; its exit status in $rc.
trace() {
	local name=$1
	shift
	set +e
	"$root/bin/shadowtrace" "$@" >"/tmp/$name.out" 2>"/tmp/$name.err"
	rc=$?
	set -e
	cat "/tmp/$name.out" "/tmp/$name.err"
}

# The pristine text's hash, its bytes kept so that a failing expect_text
# names what changed. text-hash leaves out the ftrace bytes of shadowk's own
# hooks and takes the kernel's jump labels and static calls by state (see
# tests/vm/progs/text-hash.py).
text_before() { text-hash --save /tmp/text.before; }
expect_text() { # LABEL HASH-BEFORE [HASH-NOW]
	local now=${3:-$(text-hash)}
	[ "$2" = "$now" ] && return
	text-hash --diff /tmp/text.before
	fail "$1: expected '$2', got '$now'"
}

# A patch spec that makes getppid() return VALUE (0..255): "mov eax, VALUE;
# ret" right after the function's ftrace site (offset 5, or 9 after IBT's
# endbr64 on 6.12).
ret_patch() {
	local value=$1 hex off
	hex=$(printf 'b8%02x000000c3' "$value")
	for off in 5 9; do
		if [ "$(shk check "__x64_sys_getppid+$off" "$hex")" = OK ]; then
			echo "__x64_sys_getppid+$off=$hex"
			return
		fi
	done
	fail "no offset in __x64_sys_getppid accepts a return patch"
}

# A patch that rewrites the pristine instruction at ADDR (SYM+OFF or 0x...)
# with its own bytes: the shadow copies the page and nothing else changes.
identity_patch() {
	local at=$1 bytes n
	bytes=$(view-bytes "0x$(shk addr "$at")" 15)
	for n in $(seq 1 15); do
		if [ "$(shk check "$at" "${bytes:0:$((2 * n))}")" = OK ]; then
			echo "$at=${bytes:0:$((2 * n))}"
			return 0
		fi
	done
	return 1
}

stat_of() { shk stats | tr ' ' '\n' | sed -n "s/^$1=//p"; }

# After everything is closed and exited, the module holds nothing. (Files
# are released shortly after a process exits, through the kernel's deferred
# fput: allow it a few seconds.)
# coproc_fds NAME: copies of coproc NAME's descriptors, as $NAME_out (its
# stdout) and $NAME_in (its stdin), and of its pid, as $NAME_pid. Bash
# closes a coproc's descriptors and unsets NAME and NAME_PID as soon as the
# coprocess exits, which can be before its last line is read ("NAME[0]:
# unbound variable", "NAME_PID: unbound variable"): use the copies.
coproc_fds() {
	local -n cp=$1 cp_pid=${1}_PID
	eval "exec {${1}_out}<&${cp[0]} {${1}_in}>&${cp[1]}"
	printf -v "${1}_pid" %s "$cp_pid"
}

expect_module_empty() {
	local s i
	for i in $(seq 50); do
		[ "$(cat /sys/module/shadowk/refcnt)" = 0 ] && break
		sleep 0.1
	done
	if [ "$(cat /sys/module/shadowk/refcnt)" != 0 ]; then
		# Who holds it: a descriptor of /dev/shadowk or of a shadow, or a token mapping.
		local p
		for p in /proc/[0-9]*; do
			if ls -l "$p/fd" 2>/dev/null | grep -q shadowk || grep -q shadowk "$p/maps" 2>/dev/null; then
				echo "holds shadowk: pid ${p#/proc/} ($(cat "$p/comm" 2>/dev/null), state $(awk '{print $3}' "$p/stat" 2>/dev/null))"
			fi
		done
	fi
	expect_eq "module reference count at the end" 0 "$(cat /sys/module/shadowk/refcnt)"
	for s in shadows pages_copied table_pages bound_mms patches probes percpu_bytes probed_shadows xol_slots; do
		expect_eq "module counter $s at the end" 0 "$(stat_of $s)"
	done
}

# What probes could leave behind: ftrace hooks on kernel functions, and BPF
# programs kept alive by a reference. Compared before and after a test.
probe_residue() {
	cat /sys/kernel/tracing/enabled_functions
	echo "bpf programs: $(bpftool prog show 2>/dev/null | grep -c '^[0-9]*:')"
}
expect_no_residue() { # BEFORE-FILE
	local i
	for i in $(seq 50); do	# program fds close with their processes' files
		probe_residue | cmp -s "$1" - && return 0
		sleep 0.1
	done
	probe_residue | diff "$1" - >&2 || true
	fail "probes left something behind (ftrace hooks or BPF programs)"
}

# The row of an aggregation printed as "  KEY   VALUE" in FILE: its value, or nothing.
row() { sed -n "s/^ *$1  *\([0-9][0-9]*\)\$/\1/p" "$2"; }
