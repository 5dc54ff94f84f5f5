#!/usr/bin/env python3
"""offset-sites FUNC...: one probe spec FUNC+0xOFF per byte of each core-text
function (its extent: up to the next kallsyms symbol), for a best-effort
attach that lets the module sort instruction boundaries from the rest.

offset-sites --riprel SPEC...: of these specs (SYM+0xOFF), those whose
pristine instruction has a RIP-relative memory operand, by a small decoder
(legacy and REX prefixes, one- and two-byte opcodes with a ModRM byte, mod 00
and r/m 101). Tests use it to show that such instructions were probed, so
the displacement fix-up of the out-of-line copy ran."""
import importlib.machinery
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
texthash = importlib.machinery.SourceFileLoader("texthash", os.path.join(here, "text-hash")).load_module()

PREFIXES = {0x66, 0x67, 0xF2, 0xF3, 0x2E, 0x3E, 0x26, 0x64, 0x65, 0x36, 0xF0}
# One-byte opcodes that take a ModRM byte (the common ALU, mov, lea, test, group forms).
MODRM1 = set(range(0x00, 0x40)) - {0x0F, 0x26, 0x2E, 0x36, 0x3E} - {o for o in range(0x00, 0x40) if o & 7 in (4, 5, 6, 7)}
MODRM1 |= {0x63, 0x69, 0x6B, 0x80, 0x81, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8B,
           0x8C, 0x8D, 0x8E, 0x8F, 0xC0, 0xC1, 0xC6, 0xC7, 0xD0, 0xD1, 0xD2, 0xD3, 0xF6, 0xF7,
           0xFE, 0xFF}


def kallsyms():
    syms = []
    with open("/proc/kallsyms") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                syms.append((int(parts[0], 16), parts[2]))
    return syms


def rip_relative(code):
    i = 0
    while i < len(code) and code[i] in PREFIXES:
        i += 1
    if i < len(code) and 0x40 <= code[i] <= 0x4F:
        i += 1
    if i + 1 >= len(code):
        return False
    op = code[i]
    if op == 0x0F:
        op2 = code[i + 1]
        if op2 in (0x38, 0x3A) or 0x80 <= op2 <= 0x8F or op2 in (0x05, 0x0B):
            return False
        modrm = code[i + 2] if i + 2 < len(code) else 0
    elif op in MODRM1:
        modrm = code[i + 1]
    else:
        return False
    return modrm & 0xC7 == 0x05


def main(argv):
    syms = kallsyms()
    if argv and argv[0] == "--riprel":
        addr = {name: a for a, name in syms}
        for spec in argv[1:]:
            name, off = spec.split("+")
            if rip_relative(texthash.read_kernel(addr[name] + int(off, 0), 15)):
                print(spec)
        return
    text = sorted({a for a, _ in syms})
    for name in argv:
        start = next((a for a, n in syms if n == name), None)
        if start is None:
            raise SystemExit("offset-sites: no symbol %s" % name)
        end = next(a for a in text if a > start)
        for off in range(end - start):
            print("%s+%#x" % (name, off))


if __name__ == "__main__":
    main(sys.argv[1:])
