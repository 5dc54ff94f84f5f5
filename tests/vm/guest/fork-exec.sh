#!/bin/bash
# Fork and exec policy. By default a shadow follows fork and exec: a shell
# bound to it forks and execs children that are bound too. With
# --no-fork-inherit (-F) the children start unshadowed; with --exec-reset
# (-E) the program exec'd by the bound process runs unshadowed.
. "$(dirname "$0")/lib.sh"
N=20000
spec=$(ret_patch 42)
# sh forks (the command is not its last) and the child execs syscall-count.
out=$(shk run -p "$spec" -- sh -c "syscall-count $N 42; true")
expect_eq "fork+exec child, default policy" "$N/$N" "$out"
out=$(shk run -F -p "$spec" -- sh -c "syscall-count $N 42; true")
expect_eq "fork+exec child, no fork inherit" "0/$N" "$out"
out=$(shk run -E -p "$spec" -- syscall-count $N 42)
expect_eq "exec'd program, exec reset" "0/$N" "$out"
# vfork+exec (posix_spawn shares the parent's mm until exec) keeps it too.
out=$(shk run -p "$spec" -- python3 -c "
import os, subprocess
print(subprocess.run(['$P/syscall-count', '$N', '42'], capture_output=True, text=True).stdout.strip())")
expect_eq "posix_spawn child, default policy" "$N/$N" "$out"
echo "fork, no-fork-inherit, exec-reset, posix_spawn: as specified"
expect_module_empty
