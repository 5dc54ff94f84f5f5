#!/usr/bin/env python3
"""padding-sites [N]: up to N addresses in core-text functions that
follow a ret and its int3 padding (c3 cc..., as straight-line-speculation
hardening and the kernel's return patching leave them) and are not at the
function's end: the code a jump inside the function continues at. Such an
int3 is padding, not a breakpoint. Only functions ftrace can trace are
searched (ordinary kernel functions: no boot, entry or noinstr code).
One line each: 0xADDR SYM+0xOFF."""
import importlib.machinery
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
texthash = importlib.machinery.SourceFileLoader("texthash", os.path.join(here, "text-hash")).load_module()

want = int(sys.argv[1]) if len(sys.argv) > 1 else 20
start, end = texthash.symbols("_stext", "_etext")
with open("/sys/kernel/tracing/available_filter_functions") as f:
    traceable = {line.split()[0] for line in f}
text = texthash.read_kernel(start, end - start)
syms = [(a, n) for a, n in texthash.text_symbols() if start <= a < end]
found = 0
for (f, name), (nxt, _) in zip(syms, syms[1:]):
    if name not in traceable:
        continue
    body = text[f - start:nxt - start]
    for m in re.finditer(rb"\xc3\xcc+(?=[^\xcc])", body):
        if m.end() < len(body) - 16 and body[m.end()] != 0x90:	# code follows, not alignment
            print("%#x %s+%#x" % (f + m.end(), name, m.end()))
            found += 1
            break
    if found >= want:
        break
