#!/bin/bash
# Every refused request returns its documented errno (uapi/shadowk.h).
. "$(dirname "$0")/lib.sh"
spec=$(ret_patch 42)
off=${spec#__x64_sys_getppid+}; off=${off%%=*}
fentry=$((off - 5))
check() { # WHAT EXPECTED-ERRNO shk-args...
	local what=$1 want=$2; shift 2
	local got
	got=$(shk "$@" 2>&1) || true
	printf '%-60s %s\n' "$what" "$got"
	expect_eq "$what" "$want" "$got"
}
site=$(jump-site sched_process_fork | cut -d' ' -f1)
mod_fn=$(awk '$2 ~ /^[tT]$/ && $4 ~ /^\[/ {print $3; exit}' /proc/kallsyms)

check "accepted: return patch after the ftrace site" OK check "__x64_sys_getppid+$off" b82a000000c3
check "ftrace site, even rewritten with its own bytes" EBUSY check "__x64_sys_getppid+$fentry" "$(view-bytes "0x$(shk addr "__x64_sys_getppid+$fentry")" 5)"
check "outside core kernel text (module $mod_fn)" ERANGE check "$mod_fn" cc
check "entry text (entry_SYSCALL_64)" EACCES check entry_SYSCALL_64 cc
check "noinstr text (do_syscall_64)" EACCES check do_syscall_64 cc
check "kprobe blacklist (kprobe_int3_handler)" EACCES check kprobe_int3_handler cc
check "not an instruction boundary (inside the ftrace NOP)" EILSEQ check "__x64_sys_getppid+$((fentry + 2))" cc
# The call to task_tgid_nr_ns right after the ftrace site: a 5-byte instruction.
body=$(view-bytes "0x$(shk addr "__x64_sys_getppid+$off")" 8)
call=$off; while [ "${body:0:2}" != e8 ]; do body=${body:2}; call=$((call + 1)); done
check "new bytes end inside an instruction, no jump" EILSEQ check "__x64_sys_getppid+$call" 90
check "new bytes do not decode (truncated mov)" EILSEQ check "__x64_sys_getppid+$off" b82a
check "call returning inside the patch" ENOEXEC check "__x64_sys_getppid+$off" e80000000090c3
check "ftrace site and more" EBUSY check "__x64_sys_getppid+$fentry" b82a000000c3
check "jump label site" EBUSY check "$site" 0f1f440000
check "length 0" EINVAL check "__x64_sys_getppid+$off" ""
check "length above SHADOWK_PATCH_MAX" EINVAL check "__x64_sys_getppid+$off" "$(printf '90%.0s' $(seq 65))"
check "overlapping patch in one shadow" "shk: patch __x64_sys_getppid+$off=c3: EEXIST" \
	run -p "$spec" -p "__x64_sys_getppid+$off=c3" -- true
check "PATCH with flags" EINVAL raw patch-flags
check "PATCH with a bad user pointer" EFAULT raw patch-fault
check "CREATE with flags" EINVAL raw create-flags
check "BIND with unknown flags" EINVAL raw bind-flags
check "BIND with reserved bits" EINVAL raw bind-reserved
check "BIND with AT_NEXT_EXEC and KEEP_NEXT_EXEC" EINVAL raw bind-at-and-keep-exec
check "BIND of no such pid" ESRCH raw bind-nopid
check "BIND of a kernel thread" EINVAL raw bind-kthread
check "BIND of an mm already bound" EBUSY raw bind-twice
check "UNBIND of an unbound process" ENOENT raw unbind-unbound
check "mmap() of a shadow" EINVAL raw mmap
check "unknown request" ENOTTY raw bad-ioctl
got=$(setpriv --bounding-set=-sys_admin --inh-caps=-sys_admin shk check "__x64_sys_getppid+$off" cc 2>&1)
printf '%-60s %s\n' "CHECK without CAP_SYS_ADMIN" "$got"
expect_eq "CHECK without CAP_SYS_ADMIN" EPERM "$got"
# A stopped process never reaches a point where it can be switched.
sleep 100 &
stopped=$!
kill -STOP $stopped
start=$(date +%s)
got=$(shk bind $stopped -p "$spec" </dev/null) || true
printf '%-60s %s (%ss)\n' "BIND of a stopped process" "$got" $(( $(date +%s) - start ))
expect_eq "BIND of a stopped process" "bind: ETIMEDOUT" "$got"
kill -9 $stopped
wait $stopped 2>/dev/null || true
expect_module_empty
dmesg | grep 'shadowk: patch' | sed 's/^\[[^]]*\] //' | head -3
