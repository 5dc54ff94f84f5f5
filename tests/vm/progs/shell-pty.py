#!/usr/bin/env python3
"""shell-pty SCENARIO [PID]: drives the interactive `bin/shadowtrace` shell
through a pseudo-terminal, as a user at a terminal would (keys, Tab, Ctrl-C,
Ctrl-D), reads the screen and checks what it shows. Exits 0 when every check
of the scenario held; prints the screen (escape sequences removed) either way.

  main PID   the shell on a running process that calls getppid(): Tab
             completes a function name, a clause is attached, an error shows
             its caret, BEGIN runs at once, a tick-1s clause prints above a
             line being typed until removed, Tab completes a syscall and a
             uprobe's file and function, a uprobe and a profile clause count
             in the process through perf events that `remove` closes, `watch`
             shows the count growing until a key is pressed, `remove`,
             `stats`, END runs at `quit`
  ctrl-d PID no process at first: a clause typed over two lines, printf()
             output of a command `run` traced, `print`/`clear`, `run`
             stopped by Ctrl-C, a `$target` clause refused, `attach PID`
             (then $target), a clause counting /pid == $target/, a uprobe clause,
             `watch` stopped by Ctrl-C, `detach` (END runs, the uprobe's perf
             events close), then Ctrl-D (END runs again)
  kill [PID OTHER]  no process, or -p PID,OTHER -U -v --json: a clause
             attached (with -v its attach report, with --json print's JSON
             line), then the shell gets SIGKILL
  term CGROUP PID  --cgroup CGROUP (PID in it): a clause and an END clause,
             a process moved in later is bound, then SIGTERM: END runs
"""
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][A-Za-z0-9]|\x1b[=>78]|[\r\x07]")
PROMPT = "shadowtrace> "
STARTUP = 600  # seconds for the JVM to start and show the prompt: TCG, on a loaded host
FN = "__do_sys_getppid"  # in available_filter_functions on 6.1 and 6.12 (getppid's body)
LIBC = "/lib/x86_64-linux-gnu/libc.so.6"  # python's os.getppid() calls its getppid()


def fail(msg):
    raise SystemExit("FAIL: " + msg)


class Shell:
    last = None  # the latest shell, whose screen is printed at the end

    def __init__(self, *args):
        Shell.last = self
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ["TERM"] = "xterm"
            os.execv("bin/shadowtrace", ["bin/shadowtrace", *args])
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
        self.raw = b""
        self.mark = 0  # where the next expect() starts looking, in screen()
        self.status = None

    def screen(self):
        return ANSI.sub("", self.raw.decode("utf-8", "replace"))

    def read(self, seconds):
        end = time.time() + seconds
        while time.time() < end:
            ready, _, _ = select.select([self.fd], [], [], max(0, end - time.time()))
            if not ready:
                return
            try:
                data = os.read(self.fd, 65536)
            except OSError:  # EIO: the shell is gone
                return
            if not data:
                return
            self.raw += data

    def expect(self, pattern, timeout=300):
        """Waits for the regex after the last match; returns the match."""
        end = time.time() + timeout
        while True:
            m = re.compile(pattern, re.M).search(self.screen(), self.mark)
            if m:
                self.mark = m.end()
                return m
            if time.time() > end:
                fail("no %r on the screen after %d s" % (pattern, timeout))
            self.read(0.2)

    def send(self, keys):
        os.write(self.fd, keys.encode())

    def command(self, line, timeout=300):
        """Types a line at the prompt and waits for the next prompt; returns what it printed."""
        self.send(line + "\r")
        start = self.mark
        self.expect("^" + re.escape(PROMPT), timeout)
        return self.screen()[start:self.mark]

    def wait(self, timeout=300):
        end = time.time() + timeout
        while time.time() < end:
            self.read(0.2)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
                self.read(0.2)
                return status
        fail("the shell did not exit within %d s" % timeout)


def perf_events(pid):
    """How many perf events the process holds open (user and profile probes)."""
    n = 0
    for fd in os.listdir("/proc/%d/fd" % pid):
        try:
            n += os.readlink("/proc/%d/fd/%s" % (pid, fd)) == "anon_inode:[perf_event]"
        except OSError:
            pass
    return n


def count(sh, map_name):
    out = sh.command("print " + map_name)
    m = re.search(r"^ +(\d+) *$", out, re.M)
    if not m:
        fail("print %s: %s" % (map_name, out))
    return int(m.group(1))


def tracer_clauses(sh):
    """BEGIN at once; a timer prints above a line being typed, which stays intact; remove stops it."""
    out = sh.command('BEGIN { printf("begin ran\\n"); }')
    if not re.search(r"clause \d+: BEGIN runs now\n(.*\n)*begin ran", out):
        fail("BEGIN did not run at once: " + out)
    # printa() and clear() in a timer, as DTrace users stream: @t counts the timer's own runs, so
    # it prints 1 every time only if clear() empties it between runs.
    out = sh.command('tick-1s { @t = count(); printf("tick %d\\n", 7); printa(@t); clear(@t); }')
    m = re.search(r"clause (\d+): tick-1s runs every 1s", out)
    if not m:
        fail("a tick-1s clause: " + out)
    start = len(sh.screen())
    sh.send("sta")  # typed while the timer prints above it
    sh.read(3.5)
    ticks = sh.screen()[start:].count("tick 7")
    if ticks < 2:
        fail("tick-1s printed %d times in 3.5 s" % ticks)
    values = re.findall(r"^ +(\d+) *$", sh.screen()[start:], re.M)
    if len(values) < 2 or set(values) != {"1"}:
        fail("printa(@t) in tick-1s after clear(@t): %s" % values)
    # Each tick redraws the prompt below it, so a prompt on the screen does not mean a command is
    # done while the timer runs: wait for the command's own output instead.
    sh.mark = len(sh.screen())
    sh.send("ts\r")  # the line is "stats": not broken by the output above it
    sh.expect(r"clauses \d+, probes \d+", timeout=60)
    sh.send("remove %s\r" % m.group(1))
    sh.expect("clause %s removed" % m.group(1), timeout=60)
    sh.read(1.5)  # a tick that was running as remove came may still print
    start = len(sh.screen())
    sh.read(2.5)
    if "tick 7" in sh.screen()[start:]:
        fail("the timer still runs after remove")
    sh.mark = len(sh.screen())
    return ticks


def main(pid):
    sh = Shell("-p", pid)
    sh.expect("attached \\[%s\\]" % pid, STARTUP)
    sh.expect("^" + re.escape(PROMPT))
    sh.send("fbt::%s\t" % FN[:-2])  # Tab completes the function, then the probe name is typed
    sh.expect(re.escape("fbt::%s:" % FN))
    out = sh.command("entry { @n = count(); }")
    if "clause 1: 1 probe attached" not in out:
        fail("the clause was not attached: " + out)
    sh.send("\x03")  # Ctrl-C at the prompt drops the line, never the shell
    sh.expect("^" + re.escape(PROMPT))
    out = sh.command("fbt::vfs_read:entry { @n = sum(1); }")
    if not re.search(r"<shell>:2:\d+: error: .*\n.*vfs_read.*\n *\^", out):
        fail("a type error is not shown at its place with a caret: " + out)
    time.sleep(1)
    out = sh.command("clauses")
    m = re.search(r"^\s+1\s+(\d+)\s+1\s+fbt::%s:entry \{ @n = count\(\); \}$" % FN, out, re.M)
    if not m or int(m.group(1)) == 0:
        fail("clauses does not list clause 1 with hits: " + out)
    start = len(sh.screen())
    sh.send("watch @n 1\r")
    sh.read(5.5)
    sh.send("q")  # any key ends watch
    sh.expect("^" + re.escape(PROMPT))
    frames = sh.screen()[start:].split("Every 1s: print @n")[1:]
    counts = [int(v) for f in frames for v in re.findall(r"^ +(\d+) *$", f, re.M)[-1:]]
    if len(counts) < 3 or not counts[-1] > counts[0]:
        fail("watch did not redraw a growing count: %s" % counts)
    out = sh.command("print @n")
    if not re.search(r"^ +\d+ *$", out, re.M):
        fail("print @n: " + out)
    ticks = tracer_clauses(sh)
    # Tab in other providers: a syscall, then a uprobe's file and function.
    sh.send("syscall::getpp\t")
    sh.expect(re.escape("syscall::getppid:"), timeout=60)
    out = sh.command("entry { @s = count(); }")
    m = re.search(r"clause (\d+): 1 probe attached", out)
    if not m:
        fail("a syscall clause completed with Tab: " + out)
    time.sleep(1)
    if count(sh, "@s") == 0:
        fail("syscall::getppid:entry did not count")
    sh.command("remove " + m.group(1))
    shell_pid = sh.pid  # bin/shadowtrace execs java
    sh.send("uprobe:%s\t" % LIBC[:-1])  # "libc.so." is libc.so.6 alone
    sh.expect(re.escape("uprobe:%s:" % LIBC), timeout=60)
    sh.send("getpp\t")
    sh.expect("getppid", timeout=60)  # JLine draws only what Tab adds to the line
    out = sh.command(" { @u = count(); } profile:hz:99 { @p = count(); }")
    m = re.search(r"clause (\d+): 2 probes attached", out)
    if not m:
        fail("a uprobe and a profile clause: " + out)
    events = perf_events(shell_pid)
    if events < 2:
        fail("%d perf events open for a uprobe and a profile probe in one process" % events)
    time.sleep(3)
    uprobes, samples = count(sh, "@u"), count(sh, "@p")
    if uprobes == 0 or samples == 0:
        fail("uprobe hits %d, profile samples %d in 3 s" % (uprobes, samples))
    sh.command("remove " + m.group(1))
    if perf_events(shell_pid) != 0:
        fail("remove left %d perf events open" % perf_events(shell_pid))
    out = sh.command('END { printf("end ran %d\\n", 1); }')
    if "END runs at detach and when the shell ends" not in out:
        fail("an END clause: " + out)
    out = sh.command("remove 1")
    if "clause 1 removed" not in out:
        fail("remove 1: " + out)
    # A glob: Tab offers what it matches (-l's globbing), and completes its one match in place;
    # the clause then attaches only if the word became the function's name.
    sh.send("fbt::%s?\t" % FN[:-1])
    sh.read(3)
    out = sh.command("entry { @g = count(); }")
    m = re.search(r"clause (\d+): 1 probe attached", out)
    if not m:
        fail("Tab did not complete the glob fbt::%s? to fbt::%s: : %s" % (FN[:-1], FN, out))
    out = sh.command("remove %s" % m.group(1))
    if "clause %s removed" % m.group(1) not in out:
        fail("remove %s: %s" % (m.group(1), out))
    out = sh.command("stats")
    if not re.search(r"clauses 2, probes 0, ", out):  # the BEGIN and END clauses, which have no probes
        fail("stats after remove: " + out)
    sh.send("quit\r")
    if sh.wait() != 0:
        fail("quit: exit status %d" % sh.status)
    if "end ran 1" not in sh.screen()[sh.mark:]:
        fail("END did not run at quit")
    print("watch counts: %s; ticks in 3.5 s: %d; uprobe hits %d, profile samples %d" % (counts, ticks, uprobes,
                                                                                       samples))
    return sh


def ctrl_d(pid):
    sh = Shell("-c", "cat /etc/hostname")  # -c: what a bare "run" runs
    sh.expect("no process attached", STARTUP)
    sh.expect("^" + re.escape(PROMPT))
    sh.send("fbt::vfs_read:entry {\r")  # an open brace: the input goes on
    sh.expect("> ")
    out = sh.command("@r = count(); @h = hdr(arg2); }")
    if "clause 1: 1 probe attached" not in out:
        fail("a clause typed over two lines: " + out)
    out = sh.command('fbt::vfs_read:entry { printf("read by %s\\n", execname); }')
    if "clause 2: 1 probe attached" not in out:
        fail("a printf clause: " + out)
    start = sh.mark
    sh.command("run")  # the -c command
    sh.mark = start  # printed above the prompt as the event thread reads it: maybe after the prompt came back
    sh.expect(r"^read by cat$", timeout=120)
    sh.read(2)  # the rest of the records, each redrawing the prompt below it
    sh.mark = len(sh.screen())
    out = sh.command("remove 2")
    out = sh.command("print @r")
    if not re.search(r"^ +[1-9]\d* *$", out, re.M):
        fail("print @r after the command's reads: " + out)
    # watch on an hdr() map redraws its percentiles (the size cat asked read() for, arg2).
    sh.send("watch @h 1\r")
    sh.expect("Every 1s: print @h", timeout=60)
    m = sh.expect(r"count +min +mean +p50 +p90 +p99 +p99\.9 +max +stddev *\n +(\d+) +\d+ +[\d.]+ +(\d+)", timeout=60)
    if int(m.group(1)) == 0 or int(m.group(2)) == 0:
        fail("watch @h: count %s, p50 %s" % (m.group(1), m.group(2)))
    sh.send("q")
    sh.expect("^" + re.escape(PROMPT), timeout=60)
    sh.command("clear @r")
    out = sh.command("print @r")
    if not re.search(r"^ +0 *$", out, re.M):
        fail("print @r after clear: " + out)
    # Emacs keys: Ctrl-A moves to the start of the line, where "p" completes "print @r".
    sh.send("rint @r\x01")
    out = sh.command("p")
    if not re.search(r"^ +0 *$", out, re.M) or "error" in out:
        fail("Ctrl-A then p: " + out)
    # Ctrl-R searches the history backwards; Enter runs the line found.
    sh.send("\x12clear @")
    sh.expect("i-search", timeout=60)
    sh.mark = len(sh.screen())
    sh.send("\r")
    sh.expect("^" + re.escape(PROMPT), timeout=60)
    with open(os.path.expanduser("~/.shadowtrace_history")) as f:
        history = f.read()
    if not history.rstrip("\n").endswith("clear @r"):
        fail("Ctrl-R 'clear @' then Enter did not run 'clear @r'; history ends: %r" % history[-80:])
    sh.send("run sleep 60\r")
    time.sleep(3)
    sh.send("\x03")  # Ctrl-C ends the command, not the shell
    sh.expect(re.escape("[sleep 60: exit status 130]"), timeout=120)
    sh.expect("^" + re.escape(PROMPT))
    # $target: refused before an attach (run's command has no pid at compile time), then the attached
    # process, which alone calls getppid() in the shadow: @g counts only if $target is its pid.
    out = sh.command("fbt::%s:entry /pid == $target/ { @g = count(); }" % FN)
    if "no target yet: `attach PID` first" not in out:
        fail("$target before any attach: " + out)
    out = sh.command("attach %s" % pid)
    if "attached [%s] ($target is %s)" % (pid, pid) not in out:
        fail("attach: " + out)
    out = sh.command("fbt::%s:entry /pid == $target/ { @g = count(); }" % FN)
    if "clause 3: 1 probe attached" not in out:
        fail("a clause on the attached process: " + out)
    out = sh.command("uretprobe:%s:getppid { @u = count(); }" % LIBC)
    # two perf events per user site and process: one inherited by its children, one carrying the program
    if "clause 4: 1 probe attached" not in out or perf_events(sh.pid) != 2:
        fail("a uretprobe clause on the attached process (%d perf events): %s" % (perf_events(sh.pid), out))
    out = sh.command('END { printf("end with %d\\n", 2); }')
    if "clause 5: END runs" not in out:
        fail("an END clause: " + out)
    # two sets of tracepoint clauses, entered apart, share the session's scope: removing the first
    # leaves the second counting the attached process's getppid() calls
    out = sh.command("tracepoint:raw_syscalls:sys_enter /args->id == 110/ { @t1 = count(); }")
    first = re.search(r"clause (\d+): 1 probe attached", out)
    out = sh.command("tracepoint:raw_syscalls:sys_exit /args->id == 110/ { @t2 = count(); }")
    second = re.search(r"clause (\d+): 1 probe attached", out)
    if not first or not second:
        fail("two tracepoint clauses entered apart: " + out)
    time.sleep(2)
    if count(sh, "@t1") == 0 or count(sh, "@t2") == 0:
        fail("tracepoint clauses counted @t1 %d, @t2 %d" % (count(sh, "@t1"), count(sh, "@t2")))
    sh.command("remove " + first.group(1))
    before = count(sh, "@t2")
    time.sleep(2)
    if count(sh, "@t2") <= before:
        fail("the second tracepoint clause stopped counting when the first was removed")
    sh.command("remove " + second.group(1))
    sh.send("watch @g 1\r")
    sh.expect("Every 1s: print @g")
    sh.send("\x03")  # Ctrl-C ends watch, not the shell
    sh.expect("^" + re.escape(PROMPT), timeout=120)
    if count(sh, "@g") == 0:
        fail("/pid == $target/ counted nothing of the attached process")
    out = sh.command("detach")
    if "detached [%s]" % pid not in out or "end with 2" not in out:
        fail("detach (END runs, then the process is detached): " + out)
    if perf_events(sh.pid) != 0:
        fail("detach left %d perf events open" % perf_events(sh.pid))
    out = sh.command("stats")
    if "clauses 4, probes 2" not in out or "bound processes 0" not in out:
        fail("stats: " + out)
    mark = sh.mark
    sh.send("\x04")
    if sh.wait() != 0:
        fail("Ctrl-D: exit status %d" % sh.status)
    if "end with 2" not in sh.screen()[mark:]:
        fail("END did not run at Ctrl-D")
    return sh


def killed(sig, *args):
    sh = Shell(*args)
    sh.expect("^" + re.escape(PROMPT), STARTUP)
    out = sh.command("fbt::%s:entry { @n = count(); }" % FN)
    if "clause 1: 1 probe attached" not in out:
        fail("the clause was not attached: " + out)
    if "-v" in args and not re.search(r"shadowtrace: attached 1 probe \(1 program at 1 function\) in ", out):
        fail("-v: no attach report: " + out)
    if "--json" in args:
        time.sleep(1)
        out = sh.command("print @n")
        if not re.search(r'^\{"type": "map", "data": \{"@n": [1-9]\d*\}\}$', out, re.M):
            fail("--json: print @n is not a JSON line with a count: " + out)
    os.kill(sh.pid, sig)
    status = sh.wait()
    if sig == signal.SIGKILL and not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
        fail("the shell was not killed: status %d" % status)
    if sig == signal.SIGTERM and not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 128 + signal.SIGTERM):
        fail("SIGTERM: status %d" % status)
    return sh


def term_cgroup(cgroup, pid):
    """--cgroup: its process is attached, one moved in later is bound; SIGTERM runs END."""
    sh = Shell("--cgroup", cgroup)
    sh.expect(r"attached \[%s\]" % pid, STARTUP)
    sh.expect("^" + re.escape(PROMPT))
    out = sh.command("fbt::%s:entry { @n = count(); } END { printf(\"end at exit\\n\"); }" % FN)
    if "clause 1: 1 probe attached, END runs" not in out:
        fail("the clauses were not attached: " + out)
    joiner = os.fork()
    if joiner == 0:
        while True:
            os.getppid()
            time.sleep(0.01)
    try:
        with open("/sys/fs/cgroup/%s/cgroup.procs" % cgroup, "w") as f:
            f.write(str(joiner))
        end = time.time() + 30
        while "anon_inode:[shadowk]" not in open("/proc/%d/maps" % joiner).read():
            if time.time() > end:
                fail("a process moved into the cgroup was not bound")
            time.sleep(0.2)
        mark = sh.mark
        os.kill(sh.pid, signal.SIGTERM)
        status = sh.wait()
        if not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 128 + signal.SIGTERM):
            fail("SIGTERM: status %d" % status)
        if "end at exit" not in sh.screen()[mark:]:
            fail("END did not run at SIGTERM")
        if "anon_inode:[shadowk]" in open("/proc/%d/maps" % joiner).read():
            fail("the process that joined is still bound")
    finally:
        os.kill(joiner, signal.SIGKILL)
        os.waitpid(joiner, 0)
    return sh


def run():
    scenario = sys.argv[1]
    if scenario == "main":
        return main(sys.argv[2])
    if scenario == "ctrl-d":
        return ctrl_d(sys.argv[2])
    if scenario == "kill":
        return killed(signal.SIGKILL, *(["-p", ",".join(sys.argv[2:]), "-U", "-v", "--json"]
                                        if len(sys.argv) > 2 else []))
    if scenario == "term":
        return term_cgroup(sys.argv[2], sys.argv[3])
    fail("unknown scenario " + scenario)


if __name__ == "__main__":
    try:
        run()
    finally:
        print("---- screen (%s) ----" % " ".join(sys.argv[1:]))
        print(Shell.last.screen() if Shell.last else "")
