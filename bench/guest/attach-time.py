#!/usr/bin/env python3
"""Times one tracer run, for bench/guest/attach.sh (inside the guest).

    attach-time.py [--poke] [--arm-timeout S] [--stop-timeout S] OUT ARMED-REGEX -- CMD...
    attach-time.py OUT -- CMD...      (CMD runs to its end: "ELAPSED_S STATUS CPU")

Starts CMD with stdout and stderr into one pipe (kept in OUT), and reads its
lines until one matches ARMED-REGEX: the probes are armed. Then it sends
SIGINT and waits for CMD to exit. Prints "ARMED_S STOP_S STATUS ARMED_CPU
STOP_CPU FDS": seconds from the start to the armed line and from SIGINT to
the exit (CLOCK_MONOTONIC: the guest's clock), CMD's exit status, the CPU
seconds (user + system, all its threads) CMD used in each part, and the
descriptors CMD held when armed (OUT gets "attach-time: ..." lines with
them by kind, and each part's CPU seconds split into user and system). Under -icount the CPU seconds count instructions; the
elapsed seconds also hold the idle gaps (waits for the host's 9p files,
grace periods) that sleep=off skips over by amounts that vary from run to
run. A line is read as soon as the tool writes it: the tool then waits for
the signal, so this reader is the only thing left to run. With --poke, this
process calls getppid() every 20 ms until the armed line comes: for a tool
whose armed line is printed by a probe on that system call, attached after
the others.

A tool that does not arm within --arm-timeout seconds, or does not exit
within --stop-timeout seconds of the SIGINT, is killed (SIGKILL, its whole
session) and reported as such: STATUS is "noarm" (ARMED_S and ARMED_CPU
are then the seconds and CPU seconds at the kill) or "noexit" (STOP_S is then the seconds from
the SIGINT to its end, after the kill), the missing figures are "-", and
OUT ends with the descriptors it held and what its threads were doing
(state, wchan, kernel stack) when it was killed.
"""
import collections
import os
import re
import signal
import subprocess
import sys
import threading
import time


def cpu_split(pid):
    """User and system time of a running process, all its threads (clock ticks in /proc)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) / os.sysconf("SC_CLK_TCK"), int(fields[12]) / os.sysconf("SC_CLK_TCK")


def fd_census(pid):
    """The number of open descriptors, and a "kind count, ..." summary of them."""
    kinds = collections.Counter()
    fd_dir = "/proc/%d/fd" % pid
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(os.path.join(fd_dir, fd))
        except OSError:
            continue
        if target.startswith("anon_inode:"):
            kind = target[len("anon_inode:"):].strip("[]")
        else:
            kind = target.split(":", 1)[0] if ":[" in target else "file"
        kinds[kind] += 1
    total = sum(kinds.values())
    return total, ", ".join("%s %d" % kv for kv in sorted(kinds.items(), key=lambda kv: -kv[1]))


def threads_state(pid):
    """What each thread of PID is doing: "tid wchan" and its kernel stack."""
    lines = []
    try:
        tids = sorted(os.listdir("/proc/%d/task" % pid), key=int)
    except OSError:
        return ["(gone)"]
    for tid in tids:
        base = "/proc/%d/task/%s/" % (pid, tid)
        try:
            with open(base + "wchan") as f:
                wchan = f.read().strip()
            with open(base + "stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
            with open(base + "stack") as f:
                stack = " < ".join(l.split()[1].split("+")[0] for l in f if l.strip())
        except OSError:
            continue
        lines.append("thread %s state %s wchan %s stack %s" % (tid, state, wchan or "-", stack or "-"))
    return lines


def run(out, cmd):
    """CMD to its end: elapsed seconds, exit status, CPU seconds."""
    start = time.monotonic()
    with open(out, "w") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        _, wstatus, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(wstatus)
    print("%.3f %d %.2f" % (time.monotonic() - start, proc.returncode, usage.ru_utime + usage.ru_stime))


def poke_until(stop):
    while not stop.wait(0.02):
        os.getppid()


class Deadline:
    """SIGKILLs PID's session SECONDS from now unless cancelled; notes what it was doing."""

    def __init__(self, pid, seconds):
        self.pid, self.fired, self.state, self.cpu, self.at = pid, False, [], 0.0, 0.0
        self.timer = threading.Timer(seconds, self._fire) if seconds else None
        if self.timer:
            self.timer.daemon = True
            self.timer.start()

    def _fire(self):
        self.fired = True
        try:
            self.cpu = sum(cpu_split(self.pid))
            self.state = ["descriptors open: %d: %s" % fd_census(self.pid)] + threads_state(self.pid)
        except OSError:
            self.state = ["(gone)"]
        self.at = time.monotonic()
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def cancel(self):
        if self.timer:
            self.timer.cancel()


def main():
    argv = sys.argv[1:]
    cmd = argv[argv.index("--") + 1:]
    args = argv[:argv.index("--")]
    if len(args) == 1:
        run(args[0], cmd)
        return
    poke, arm_timeout, stop_timeout = False, 0, 0
    while args[0].startswith("--"):
        if args[0] == "--poke":
            poke, args = True, args[1:]
        elif args[0] == "--arm-timeout":
            arm_timeout, args = float(args[1]), args[2:]
        elif args[0] == "--stop-timeout":
            stop_timeout, args = float(args[1]), args[2:]
        else:
            sys.exit("attach-time.py: unknown option " + args[0])
    out, armed = args[0], re.compile(args[1])
    start = time.monotonic()
    with open(out, "w") as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                start_new_session=True, text=True, errors="replace")
        armed_at = None
        stop_poking = threading.Event()
        if poke:
            threading.Thread(target=poke_until, args=(stop_poking,), daemon=True).start()
        deadline = Deadline(proc.pid, arm_timeout)
        for line in proc.stdout:
            log.write(line)
            if armed_at is None and armed.search(line):
                armed_at = time.monotonic()
                deadline.cancel()
                stop_poking.set()
                log.flush()
                break
        stop_poking.set()
        deadline.cancel()
        if armed_at is None:  # ended (or was killed) without arming
            _, wstatus, usage = os.wait4(proc.pid, 0)
            if deadline.fired:
                log.write("attach-time: not armed %g s after the start, killed; it was at:\n" % arm_timeout)
                log.write("".join("attach-time:   %s\n" % l for l in deadline.state))
                log.write("attach-time: ended %.1f s after the kill, having used %.2f CPU s more\n"
                          % (time.monotonic() - deadline.at, usage.ru_utime + usage.ru_stime - deadline.cpu))
                print("%.3f - noarm %.2f - -" % (deadline.at - start, deadline.cpu))
            else:
                print("- - %d - - -" % os.waitstatus_to_exitcode(wstatus))
            return
        armed_user, armed_sys = cpu_split(proc.pid)
        armed_cpu = armed_user + armed_sys
        fds, kinds = fd_census(proc.pid)
        log.write("attach-time: armed with %d descriptors open: %s\n" % (fds, kinds))
        log.write("attach-time: CPU s to armed: user %.2f, system %.2f\n" % (armed_user, armed_sys))
        log.flush()
        stop = time.monotonic()
        os.kill(proc.pid, signal.SIGINT)
        deadline = Deadline(proc.pid, stop_timeout)
        for line in proc.stdout:
            log.write(line)
        _, wstatus, usage = os.wait4(proc.pid, 0)
        done = time.monotonic()
        deadline.cancel()
        total_cpu = usage.ru_utime + usage.ru_stime
        log.write("attach-time: CPU s from SIGINT to the end: user %.2f, system %.2f\n"
                  % (usage.ru_utime - armed_user, usage.ru_stime - armed_sys))
        if deadline.fired:
            log.write("attach-time: no exit %g s after SIGINT, killed; it was at:\n" % stop_timeout)
            log.write("".join("attach-time:   %s\n" % l for l in deadline.state))
            log.write("attach-time: ended %.1f s after the kill\n" % (done - deadline.at))
            print("%.3f %.3f noexit %.2f %.2f %d" % (armed_at - start, done - stop, armed_cpu,
                                                    total_cpu - armed_cpu, fds))
            return
        status = os.waitstatus_to_exitcode(wstatus)
    print("%.3f %.3f %d %.2f %.2f %d" % (armed_at - start, done - stop, status, armed_cpu,
                                         total_cpu - armed_cpu, fds))


if __name__ == "__main__":
    main()
