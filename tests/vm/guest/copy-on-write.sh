#!/bin/bash
# Copy-on-write: a new shadow copies no text page; a one-byte patch copies
# exactly one 4 KiB page, and a second patch in the same page none more.
. "$(dirname "$0")/lib.sh"
info=$(shk run -I -p "$(ret_patch 42 | sed 's/=.*/=c3/')" -- true 2>&1 >/dev/null)
echo "one-byte patch: $info"
expect_eq "pages copied by a one-byte patch" 1 "$(echo "$info" | tr ' ' '\n' | sed -n 's/^pages_copied=//p')"
expect_eq "bytes patched" 1 "$(echo "$info" | tr ' ' '\n' | sed -n 's/^bytes_patched=//p')"
tables=$(echo "$info" | tr ' ' '\n' | sed -n 's/^table_pages=//p')
# P4D (5-level only), PUD, PMD, and the one split region's PTE table.
levels=$(grep -qw la57 /proc/cpuinfo && echo 4 || echo 3)
expect_eq "page-table pages" "$levels" "$tables"
# Two patches in the page of __x64_sys_getppid (the first two instructions
# after its ftrace site, each rewritten with its own bytes): still one page.
spec=$(ret_patch 42)
off=${spec#__x64_sys_getppid+}; off=${off%%=*}
first=$(identity_patch "__x64_sys_getppid+$off")
len=$(( $(echo -n "${first#*=}" | wc -c) / 2 ))
second=$(identity_patch "__x64_sys_getppid+$((off + len))")
info=$(shk run -I -p "$first" -p "$second" -- true 2>&1 >/dev/null)
echo "two patches: $info"
expect_eq "pages copied by two patches in one page" 1 "$(echo "$info" | tr ' ' '\n' | sed -n 's/^pages_copied=//p')"
expect_module_empty
