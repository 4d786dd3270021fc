#!/usr/bin/env python3
"""Runs a command (after an optional prepare command) N times; prints the
median wall time in seconds and the peak RSS in MiB of the command's process
tree (ru_maxrss of the waited children, i.e. the largest process)."""
import json, os, resource, statistics, subprocess, sys, time

def main():
    runs = int(os.environ.get("RUNS", "3"))
    prepare = os.environ.get("PREPARE", "")
    cmd = sys.argv[1:]
    times, rss = [], []
    for _ in range(runs):
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
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            os.write(w, json.dumps({"t": dt, "rss": peak, "rc": p.returncode, "err": p.stderr.decode()[-500:]}).encode())
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
        times.append(res["t"])
        rss.append(res["rss"])
    print(json.dumps({"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times), "peak_rss_mib": max(rss)}))

main()
