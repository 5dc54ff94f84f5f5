#!/usr/bin/env python3
"""text-hash [--raw]: SHA-256 of the core kernel text (_stext.._etext) as
the calling process sees it, read through /proc/kcore. kcore reads kernel
memory through the kernel's own mapping in the reader's context, so a
process bound to a shadow reads its shadow's view, any other the pristine
text.

While shadows exist, shadowk keeps kprobes on three kernel functions
(coherence and exec hooks; see docs/design.md), which the kernel installs
through ftrace with its own patching code: it rewrites the 5-byte ftrace
site of each function, and the target of ftrace's two dispatch calls
(ftrace_call, ftrace_regs_call). Unless --raw is given, exactly those
bytes are left out of the hash, so that any other change to the pristine
text shows."""
import hashlib
import struct
import sys


def symbols(*names):
    found = {}
    with open("/proc/kallsyms") as f:
        for line in f:
            addr, _, name = line.split()[:3]
            if name in names:
                found[name] = int(addr, 16)
    return [found[n] for n in names]


def read_kernel(start, length):
    with open("/proc/kcore", "rb") as f:
        ehdr = f.read(64)
        phoff, = struct.unpack_from("<Q", ehdr, 32)
        phentsize, phnum = struct.unpack_from("<HH", ehdr, 54)
        for i in range(phnum):
            f.seek(phoff + i * phentsize)
            p_type, _, p_offset, p_vaddr, _, p_filesz = struct.unpack("<IIQQQQ", f.read(40))
            if p_type == 1 and p_vaddr <= start and start + length <= p_vaddr + p_filesz:
                f.seek(p_offset + start - p_vaddr)
                return f.read(length)
    raise SystemExit("text-hash: no /proc/kcore segment covers %#x" % start)


HOOKED = ("__text_poke", "text_poke_bp_batch", "begin_new_exec")
DISPATCH = ("ftrace_call", "ftrace_regs_call")	# call rel32: the 4 bytes after the opcode
ENDBR64 = bytes.fromhex("f30f1efa")


if __name__ == "__main__":
    start, end = symbols("_stext", "_etext")
    text = bytearray(read_kernel(start, end - start))
    if "--raw" not in sys.argv:
        for addr in symbols(*HOOKED):
            site = addr - start
            if text[site:site + 4] == ENDBR64:
                site += 4
            text[site:site + 5] = bytes(5)
        for addr in symbols(*DISPATCH):
            site = addr - start + 1
            text[site:site + 4] = bytes(4)
    print(hashlib.sha256(text).hexdigest())
