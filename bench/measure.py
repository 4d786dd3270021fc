#!/usr/bin/env python3
"""Runs a command (after an optional prepare command) N times; prints the
median wall time in seconds, the median CPU time (user + system, all
threads) and the peak RSS in MiB of the command's process
tree (ru_maxrss of the waited children, i.e. the largest process).

With several commands separated by `::`, runs them in turn, round after
round, and prints one result per line in their order: the machine's speed
drifts, and interleaving gives each command the same share of it."""
import json, os, resource, statistics, subprocess, sys, time

def run_once(cmd, prepare):
    """One run of cmd in a fresh child: (seconds, peak RSS MiB)."""
    if prepare:
        subprocess.run(prepare, shell=True, check=True)
    # Measure each run in a fresh child so ru_maxrss is that run's peak.
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        t0 = time.perf_counter()
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        dt = time.perf_counter() - t0
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak = ru.ru_maxrss / 1024
        os.write(w, json.dumps({"t": dt, "rss": peak, "cpu": ru.ru_utime + ru.ru_stime, "rc": p.returncode, "err": p.stderr.decode()[-500:]}).encode())
        os._exit(0)
    os.close(w)
    data = b""
    while True:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        data += chunk
    os.waitpid(pid, 0)
    res = json.loads(data)
    if res["rc"] != 0:
        print(f"command failed ({res['rc']}): {' '.join(cmd)}\n{res['err']}", file=sys.stderr)
        sys.exit(1)
    return res["t"], res["rss"], res["cpu"]

def main():
    runs = int(os.environ.get("RUNS", "3"))
    prepare = os.environ.get("PREPARE", "")
    cmds, cur = [], []
    for a in sys.argv[1:]:
        if a == "::":
            cmds.append(cur)
            cur = []
        else:
            cur.append(a)
    cmds.append(cur)
    times = [[] for _ in cmds]
    rss = [[] for _ in cmds]
    cpu = [[] for _ in cmds]
    for _ in range(runs):
        for i, cmd in enumerate(cmds):
            t, m, c = run_once(cmd, prepare)
            times[i].append(t)
            cpu[i].append(c)
            rss[i].append(m)
    for i in range(len(cmds)):
        print(json.dumps({"median_s": statistics.median(times[i]), "min_s": min(times[i]), "max_s": max(times[i]), "cpu_s": statistics.median(cpu[i]), "peak_rss_mib": max(rss[i])}))

main()
