#!/bin/bash
# bin/shadowk, the expert tool, end to end: run with patches (and its fork
# and exec flags), check, info (text and JSON), and its one-line errors.
. "$(dirname "$0")/lib.sh"
K=$root/bin/shadowk
spec=$(ret_patch 42)
site=${spec%%=*}; hex=${spec#*=}

out=$($K run --patch "$spec" -- syscall-count 20000 42)
expect_eq "shadowk run: patched getppid in CMD" 20000/20000 "$out"
expect_eq "shadowk run: unshadowed process" 0/20000 "$(syscall-count 20000 42)"
set +e
$K run --patch "$spec" -- sh -c 'exit 7'
expect_eq "shadowk run: exit status of CMD" 7 "$?"
set -e
out=$($K run --no-fork-inherit --patch "$spec" -- sh -c "syscall-count 1000 42; true")
expect_eq "shadowk run --no-fork-inherit: child" 0/1000 "$out"
out=$($K run --exec-reset --patch "$spec" -- sh -c "syscall-count 1000 42")
expect_eq "shadowk run --exec-reset: program exec'd by CMD" 0/1000 "$out"
out=$($K run --exec-reset --patch "$spec" -- syscall-count 1000 42)
expect_eq "shadowk run --exec-reset: CMD itself stays bound" 1000/1000 "$out"

out=$($K check "$site" "$hex")
echo "$out"
case "$out" in *": ok, owns "*) ;; *) fail "shadowk check of a good patch: $out" ;; esac
set +e
out=$($K check __x64_sys_getppid+2 cc)
rc=$?
set -e
echo "$out"
expect_eq "shadowk check of a bad site: exit status" 1 "$rc"
case "$out" in *"refused"*"instruction boundary"*) ;; *) fail "shadowk check of a bad site: $out" ;; esac

set +e
err=$($K run --patch __x64_sys_getppid+2=cc -- true 2>&1 >/dev/null)
rc=$?
set -e
echo "$err"
expect_eq "shadowk run with a refused patch: exit status" 1 "$rc"
expect_eq "shadowk run with a refused patch: one line" 1 "$(wc -l <<<"$err")"
case "$err" in "shadowk: "*"__x64_sys_getppid+0x2"*) ;; *) fail "error does not name the address: $err" ;; esac

# info while a process is bound, text and JSON.
mkfifo /tmp/hold
$K run --patch "$spec" -- sh -c 'read -r _ < /tmp/hold' &
for _ in $(seq 100); do $K info | grep -q '^shadow ' && break; sleep 0.2; done
$K info
json=$($K info --json)
echo "$json"
python3 - "$json" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
assert d["stats"]["shadows"] == 1, d
assert d["stats"]["bound_mms"] == 1, d
s = d["shadows"][0]
assert s["pages_copied"] == 1 and s["patches"] == 1 and s["bound_mms"] == 1, s
PY
cat /sys/kernel/debug/shadowk/shadows
bound=$(pgrep -f 'read -r _ < /tmp/hold')
grep -q "^shadow .* bound_mms=1 pids=$bound\$" /sys/kernel/debug/shadowk/shadows \
	|| fail "debugfs does not list pid $bound as bound"
echo > /tmp/hold
wait
expect_module_empty
if grep '^shadow ' /sys/kernel/debug/shadowk/shadows; then fail "debugfs still lists a shadow"; fi
