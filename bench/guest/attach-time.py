#!/usr/bin/env python3
"""Times one tracer run, for bench/guest/attach.sh (inside the guest).

    attach-time.py [--poke] OUT ARMED-REGEX -- CMD...
    attach-time.py OUT -- CMD...      (CMD runs to its end: "ELAPSED_S STATUS CPU")

Starts CMD with stdout and stderr into one pipe (kept in OUT), and reads its
lines until one matches ARMED-REGEX: the probes are armed. Then it sends
SIGINT and waits for CMD to exit. Prints "ARMED_S STOP_S STATUS ARMED_CPU
STOP_CPU": seconds from the start to the armed line and from SIGINT to the
exit (CLOCK_MONOTONIC: the guest's clock), CMD's exit status, and the CPU
seconds (user + system, all its threads) CMD used in each part. Under
-icount the CPU seconds count instructions; the elapsed seconds also hold
the idle gaps (waits for the host's 9p files, grace periods) that
sleep=off skips over by amounts that vary from run to run. A line is read
as soon as the tool writes it: the tool then waits for the signal, so this
reader is the only thing left to run. With --poke, this process calls
getppid() every 20 ms until the armed line comes: for a tool whose armed
line is printed by a probe on that system call, attached after the others.
"""
import os
import re
import signal
import subprocess
import sys
import threading
import time


def cpu_seconds(pid):
    """User + system time of a running process, all its threads (clock ticks in /proc)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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


def main():
    cmd = sys.argv[sys.argv.index("--") + 1:]
    if sys.argv.index("--") == 2 and sys.argv[1] != "--poke":
        run(sys.argv[1], cmd)
        return
    args = sys.argv[1:sys.argv.index("--")]
    poke = args[0] == "--poke"
    out, armed = args[-2], re.compile(args[-1])
    start = time.monotonic()
    with open(out, "w") as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                start_new_session=True, text=True, errors="replace")
        armed_at = None
        stop_poking = threading.Event()
        if poke:
            threading.Thread(target=poke_until, args=(stop_poking,), daemon=True).start()
        for line in proc.stdout:
            log.write(line)
            if armed_at is None and armed.search(line):
                armed_at = time.monotonic()
                stop_poking.set()
                log.flush()
                break
        stop_poking.set()
        if armed_at is None:  # ended without arming
            proc.wait()
            print("- - %d - -" % proc.returncode)
            return
        armed_cpu = cpu_seconds(proc.pid)
        stop = time.monotonic()
        os.kill(proc.pid, signal.SIGINT)
        for line in proc.stdout:
            log.write(line)
        _, wstatus, usage = os.wait4(proc.pid, 0)
        done = time.monotonic()
        proc.returncode = os.waitstatus_to_exitcode(wstatus)
        status = proc.returncode
        total_cpu = usage.ru_utime + usage.ru_stime
    print("%.3f %.3f %d %.2f %.2f" % (armed_at - start, done - stop, status, armed_cpu,
                                      total_cpu - armed_cpu))


if __name__ == "__main__":
    main()
