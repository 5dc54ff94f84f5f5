#!/usr/bin/env python3
"""text-hash [--raw] [--save FILE | --diff FILE]: SHA-256 of the core kernel
text (_stext.._etext) as the calling process sees it, read through
/proc/kcore. kcore reads kernel memory through the kernel's own mapping in
the reader's context, so a process bound to a shadow reads its shadow's
view, any other the pristine text.

The kernel rewrites some of its own text at run time, through its own
patching code, for reasons that have nothing to do with shadowk; shadowk
refuses to patch every one of these places (docs/design.md, patch rules).
Unless --raw is given, they are hashed by state, not by bytes:
  - jump labels (every __jump_table entry): a site that holds one of the
    two instructions the kernel writes there (the NOP, or the jump to the
    entry's target), or an int3 over either while text_poke_bp() swaps
    them, counts as "a jump label"; any other bytes are hashed as they are.
    A static key may flip whenever the kernel decides to (the scheduler
    clock found unstable, say), so that a test cannot depend on it.
  - static calls (every .static_call_sites entry and __SCT__ trampoline):
    the same, with the instructions static_call_update() writes there
    (call/jmp rel32, NOP, xor eax, ret, jcc).
  - shadowk's own hooks: while shadows exist, shadowk keeps kprobes on five
    kernel functions (coherence, kprobe-disarm, exec and preemption-model
    hooks), and on flush_tlb_func while a patch of several instructions is
    bound (lazy TLB), which the kernel installs
    through ftrace: it rewrites the 5-byte ftrace site of each function,
    and ftrace's two dispatch calls (ftrace_call, ftrace_regs_call). Those
    bytes are left out.
Any other change to the pristine text shows in the hash.

--jump-sites TRACEPOINT prints, instead of a hash, one line per jump-label
site of tracepoint TRACEPOINT's static key in the core text, as the calling
process sees it: "nop", "jmp" (the jump to the entry's target) or "other".

--save FILE also keeps the raw text in FILE; --diff FILE prints, for a
failing test to show, every byte range that differs from that saved text,
named by kernel symbol, with the old and new bytes and whether the kernel
itself patches that place."""
import bisect
import hashlib
import struct
import sys

HOOKED = ("__text_poke", "text_poke_bp_batch", "write_enabled_file_bool", "begin_new_exec",
          "sched_dynamic_write", "flush_tlb_func")
# Hooked where the kernel has them: 6.12's livepatch path (not in 6.1), and
# Xen PV's exit_mmap (in every kernel built with CONFIG_XEN_PV).
HOOKED_IF_PRESENT = ("sched_dynamic_klp_disable", "xen_exit_mmap")
DISPATCH = ("ftrace_call", "ftrace_regs_call")	# call rel32, or an int3 over it while it changes
ENDBR64 = bytes.fromhex("f30f1efa")
# What objtool leaves where a function that is never called indirectly had
# its endbr64 (6.12, CONFIG_X86_KERNEL_IBT): its ftrace site is still at +4.
SEALED_ENDBR = bytes.fromhex("660f1f00")
INT3 = 0xcc
NOP2 = bytes.fromhex("6690")
NOP5 = bytes.fromhex("0f1f440000")
XOR5RAX = bytes.fromhex("2e2e2e31c0")
RETINSN = bytes.fromhex("c3cccccccc")


_kallsyms = []


def kallsyms():
    """(addr, kind, name) of every kernel symbol, read once."""
    if not _kallsyms:
        with open("/proc/kallsyms") as f:
            for line in f:
                addr, kind, name = line.split()[:3]
                _kallsyms.append((int(addr, 16), kind, name))
    return _kallsyms


def symbols(*names):
    found = {name: addr for addr, _, name in kallsyms() if name in names}
    return [found[n] for n in names]


def present_symbols(*names):
    found = {name: addr for addr, _, name in kallsyms() if name in names}
    return [found[n] for n in names if n in found]


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


def rel(opcode, at, size, dest):
    """The kernel's text_gen_insn(): opcode, then dest relative to the end
    (None when dest is out of a jmp8's reach: that site is 5 bytes)."""
    disp = dest - (at + size)
    if size == 2:
        return bytes([opcode]) + struct.pack("<b", disp) if -128 <= disp < 128 else None
    return bytes([opcode]) + struct.pack("<i", disp)


def holding(states):
    """Whether bytes hold one of states, or an int3 over one of them (the
    middle of text_poke_bp()): the length of that state, or 0."""
    def match(b):
        return next((len(s) for s in states if b[1:len(s)] == s[1:] and b[0] in (s[0], INT3)), 0)
    return match


def jump_labels(start, end):
    """(addr, match) for each jump-label site in [start, end)."""
    first, stop = symbols("__start___jump_table", "__stop___jump_table")
    table = read_kernel(first, stop - first)
    for off in range(0, len(table), 16):
        code, target = struct.unpack_from("<ii", table, off)
        addr, dest = first + off + code, first + off + 4 + target
        if start <= addr < end:
            # arch_jump_entry_size(): 2 bytes (jmp8 / nop2) or 5 (jmp32 / nop5)
            states = [NOP5, rel(0xe9, addr, 5, dest), NOP2, rel(0xeb, addr, 2, dest)]
            yield addr, holding([s for s in states if s]), "jump label"


def jump_sites(name):
    """What the caller's view holds at each core-text site of __tracepoint_NAME's key."""
    start, end = symbols("_stext", "_etext")
    first, stop = symbols("__start___jump_table", "__stop___jump_table")
    key, = symbols("__tracepoint_" + name)
    key += 8	# struct tracepoint: the name's pointer, then the static key
    table = read_kernel(first, stop - first)
    for off in range(0, len(table), 16):
        code, target, rkey = struct.unpack_from("<iiq", table, off)
        addr, dest = first + off + code, first + off + 4 + target
        if (first + off + 8 + rkey) & ~3 != key or not start <= addr < end:
            continue
        now = read_kernel(addr, 5)
        if now == NOP5 or now[:2] == NOP2:
            yield "nop"
        elif now[:5] == rel(0xe9, addr, 5, dest) or now[:2] == rel(0xeb, addr, 2, dest):
            yield "jmp"
        else:
            yield "other"


def static_call_insn(b):
    """__static_call_validate(), for either kind of site: the instruction's
    length, or 0. Any call or jump target is one static_call_update() may
    write; an int3 may stand over any of them."""
    if b[0] in (0xe8, 0xe9, INT3) or b[:5] in (NOP5, XOR5RAX, RETINSN):
        return 5
    if b[0] == 0x0f and 0x80 <= b[1] <= 0x8f:	# jcc.d32
        return 6
    return 0


def static_calls(start, end):
    """(addr, match) for each static call site and trampoline in [start, end)."""
    first, stop = symbols("__start_static_call_sites", "__stop_static_call_sites")
    table = read_kernel(first, stop - first)
    sites = [first + off + struct.unpack_from("<i", table, off)[0] for off in range(0, len(table), 8)]
    sites += [addr for addr, kind, name in kallsyms() if kind in "tT" and name.startswith("__SCT__")]
    for addr in sites:
        if start <= addr < end:
            yield addr, static_call_insn, "static call"


def normalize(start, end, text):
    """Replace each place the kernel patches itself, when it is in a state
    the kernel writes there, by zeros, and the bytes of shadowk's own ftrace
    hooks; return the places, for --diff."""
    sites = []
    for addr, match, what in [*jump_labels(start, end), *static_calls(start, end)]:
        at = addr - start
        n = match(text[at:at + 6])
        if n:
            text[at:at + n] = bytes(n)
            sites.append((addr, n, what))
    for addr in symbols(*HOOKED) + present_symbols(*HOOKED_IF_PRESENT):
        at = addr - start
        if text[at:at + 4] in (ENDBR64, SEALED_ENDBR):
            at += 4
        text[at:at + 5] = bytes(5)
        sites.append((start + at, 5, "shadowk's ftrace hook"))
    for addr in symbols(*DISPATCH):
        text[addr - start:addr - start + 5] = bytes(5)
        sites.append((addr, 5, "ftrace dispatch"))
    return sites


def text_symbols():
    return sorted((addr, name) for addr, kind, name in kallsyms() if kind in "tT")


def name_of(syms, addr):
    i = bisect.bisect_right(syms, (addr, "\xff")) - 1
    return "%s+%#x" % (syms[i][1], addr - syms[i][0]) if i >= 0 else hex(addr)


def diff(start, old, new, sites):
    syms = text_symbols()
    where = sorted(sites)
    i, shown, unexplained = 0, 0, 0
    while i < len(new):
        if old[i:i + 4096] == new[i:i + 4096]:	# whole pages first: most of the text is equal
            i += 4096
            continue
        if old[i] == new[i]:
            i += 1
            continue
        j = i
        while j < len(new) and old[j:j + 4] != new[j:j + 4]:	# joins gaps under 4 bytes
            j += 1
        k = bisect.bisect_right(where, (start + i, 1 << 30, "")) - 1
        what = where[k][2] if k >= 0 and where[k][0] + where[k][1] > start + i else None
        unexplained += what is None
        if shown < 50:
            print("changed %#x %s: %s -> %s%s" % (start + i, name_of(syms, start + i), old[i:j].hex(),
                                                  new[i:j].hex(), " (%s)" % what if what else ""))
        shown += 1
        i = j
    print("%d changed ranges, %d of them not where the kernel patches itself" % (shown, unexplained))


def main(argv):
    if "--jump-sites" in argv:
        for state in jump_sites(argv[argv.index("--jump-sites") + 1]):
            print(state)
        return
    start, end = symbols("_stext", "_etext")
    raw = read_kernel(start, end - start)
    if "--diff" in argv:
        with open(argv[argv.index("--diff") + 1], "rb") as f:
            old = f.read()
        diff(start, old, raw, normalize(start, end, bytearray(raw)))
        return
    if "--save" in argv:
        with open(argv[argv.index("--save") + 1], "wb") as f:
            f.write(raw)
    text = bytearray(raw)
    if "--raw" not in argv:
        normalize(start, end, text)
    print(hashlib.sha256(text).hexdigest())


if __name__ == "__main__":
    main(sys.argv)
