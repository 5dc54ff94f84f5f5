#!/usr/bin/env python3
"""jump-site TRACEPOINT: find a jump-label site of a tracepoint's static key,
and functions that start in the same 4 KiB page (so that patching one of
their instructions makes a shadow copy the page that holds the jump label).

Prints lines: SITE_ADDR FUNC+OFF
  SITE_ADDR    address of a 5-byte jump-label site of __tracepoint_NAME
  FUNC+OFF     the instruction right after FUNC's ftrace site (OFF 5, or 9
               after an endbr64), in the same page; one line per candidate
Jump entries are { s32 code; s32 target; long key; } relative to themselves
(CONFIG_HAVE_ARCH_JUMP_LABEL_RELATIVE, x86-64)."""
import importlib.machinery
import os
import struct
import sys

here = os.path.dirname(os.path.abspath(__file__))
texthash = importlib.machinery.SourceFileLoader("texthash", os.path.join(here, "text-hash")).load_module()

ENDBR64 = bytes.fromhex("f30f1efa")


def main(tp):
    start, stop, tracepoint = texthash.symbols("__start___jump_table", "__stop___jump_table",
                                               "__tracepoint_" + tp)
    key = tracepoint + 8  # struct tracepoint { const char *name; struct static_key key; ... }
    table = texthash.read_kernel(start, stop - start)
    sites = []
    for off in range(0, len(table), 16):
        code, _, rel_key = struct.unpack_from("<iiq", table, off)
        if ((start + off + 8 + rel_key) & ~3) == key:
            sites.append(start + off + code)
    traceable = set()
    with open("/sys/kernel/tracing/available_filter_functions") as f:
        for line in f:
            traceable.add(line.split()[0])
    funcs = []
    with open("/proc/kallsyms") as f:
        for line in f:
            addr, kind, name = line.split()[:3]
            if kind in "tT" and name in traceable and len(line.split()) == 3:
                funcs.append((int(addr, 16), name))
    found = 0
    for site in sites:
        page = site & ~0xfff
        for addr, name in funcs:
            off = (4 if texthash.read_kernel(addr, 4) == ENDBR64 else 0) + 5
            insn = addr + off
            if insn & ~0xfff == page and insn != site:
                print("%#x %s+%d" % (site, name, off))
                found += 1
    if not found:
        raise SystemExit("jump-site: no traceable function starts in the page of a jump label of " + tp)


if __name__ == "__main__":
    main(sys.argv[1])
