#!/usr/bin/env python3
"""CPU per request of every part of the ingest benchmark, read from /proc (Linux).

Runs the built ingest benchmark (Release) and, in each measured window, reads the CPU time of the
load generator (the benchmark process), of each server (bare server, bare proxy, collector,
gateway) and of the PostgreSQL server processes (backends of the bare or the collector database,
autovacuum, background writers, processes that ended), and the whole machine's busy time. Divided
by the requests completed, these costs do not depend on how busy the machine was, unlike items/s:
on a shared machine, "others cores" says how much of the 2 cores other work took in that window.

Usage (from the repository root, after `dotnet build -c Release tests/OpsCenter.Benchmarks`):
  OPSCENTER_TEST_POSTGRES=... python3 tests/OpsCenter.Benchmarks/tools/cpu_per_request.py \
      --engines postgres --kinds health,dossiers --connections 16,64 --out artifacts/bench/cpu [--output artifacts/bench/x.md]
OPSCENTER_TEST_POSTGRES must name a local server (its postmaster is found by the port); without it
the PostgreSQL columns stay empty. The windows follow the benchmark's defaults: 3 s warm-up, 8 s measured.
"""
import argparse, os, re, subprocess, sys, time

HZ = os.sysconf("SC_CLK_TCK")
TARGETS = ["bare direct", "bare via YARP", "collector direct", "collector via gateway"]
COLUMNS = ["load generator", "bare server", "bare proxy", "collector", "gateway",
           "pg bare", "pg collector", "pg autovacuum", "pg background", "pg ended"]


def stat(pid):
    return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()


def ticks(pid, children=False):
    try:
        f = stat(pid)
    except (FileNotFoundError, ProcessLookupError):
        return 0
    return int(f[11]) + int(f[12]) + ((int(f[13]) + int(f[14])) if children else 0)


def pids():
    return [p for p in os.listdir("/proc") if p.isdigit()]


def cmdline(pid):
    try:
        return open(f"/proc/{pid}/cmdline").read()
    except (FileNotFoundError, ProcessLookupError):
        return ""


def find_postmaster():
    match = re.search(r"Port=(\d+)", os.environ.get("OPSCENTER_TEST_POSTGRES", ""), re.IGNORECASE)
    if not match:
        return None
    for p in pids():
        args = cmdline(p).split("\0")
        if os.path.basename(args[0]) == "postgres" and "-p" in args and args[args.index("-p") + 1] == match.group(1):
            return int(p)
    return None


def pg_ticks(postmaster):
    kinds = dict.fromkeys(COLUMNS[5:], 0)
    if postmaster is None:
        return kinds
    kinds["pg ended"] = ticks(postmaster, children=True) - ticks(postmaster)
    kinds["pg background"] = ticks(postmaster)
    for p in pids():
        try:
            if int(stat(p)[1]) != postmaster:
                continue
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            continue
        title = cmdline(p).replace("\0", " ")
        key = ("pg autovacuum" if "autovacuum" in title else "pg bare" if "opscenter_bench_bare" in title
               else "pg collector" if "opscenter_bench_collector" in title else "pg background")
        kinds[key] += ticks(p)
    return kinds


def machine_busy():
    f = [int(x) for x in open("/proc/stat").readline().split()[1:9]]
    return sum(f) - f[3] - f[4]  # all but idle and iowait


def roles(bench_pid):
    found = {}
    for p in pids():
        try:
            if int(stat(p)[1]) != bench_pid:
                continue
            args, exe = cmdline(p).split("\0"), os.readlink(f"/proc/{p}/exe")
        except (FileNotFoundError, ProcessLookupError, PermissionError, IndexError, ValueError):
            continue
        role = ("bare server" if "bare-server" in args else "bare proxy" if "bare-proxy" in args
                else "collector" if exe.endswith("OpsCenter.Collector") else "gateway" if exe.endswith("OpsCenter.Gateway") else None)
        if role:
            found[role] = int(p)
    return found


def snapshot(bench_pid, servers, postmaster):
    s = {r: ticks(p) for r, p in servers.items()}
    s["load generator"] = ticks(bench_pid)
    s.update(pg_ticks(postmaster))
    s["machine"] = machine_busy()
    return s


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--engines", default="postgres")
    parser.add_argument("--kinds", default="health,dossiers,backlog,index-scores,incidents")
    parser.add_argument("--connections", default="16,64")
    parser.add_argument("--out", required=True, help="folder for the benchmark's log and cpu.md")
    parser.add_argument("--output", help="passed on to the benchmark (its markdown results)")
    a = parser.parse_args()
    os.makedirs(a.out, exist_ok=True)
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
    log_path = os.path.join(a.out, "bench.log")
    command = ["dotnet", "tests/OpsCenter.Benchmarks/bin/Release/net10.0/OpsCenter.Benchmarks.dll", "ingest",
               "--seconds", "8", "--warmup", "3", "--connections", a.connections, "--engines", a.engines, "--kinds", a.kinds]
    if a.output:
        command += ["--output", a.output]
    with open(log_path, "w") as log:
        bench = subprocess.Popen(command, cwd=root, stdout=log, stderr=subprocess.STDOUT)
    postmaster = find_postmaster()
    report = open(os.path.join(a.out, "cpu.md"), "w")
    print("| engine | kind | conns | path | req/s | " + " | ".join(COLUMNS) + " | all ms/req | machine busy cores | others cores |", file=report)
    print("|---|---|---:|---|---:|" + "---:|" * (len(COLUMNS) + 3), file=report, flush=True)

    def results():
        return re.findall(r".*items/s.*", open(log_path).read())

    def wait(condition):
        while not condition():
            if bench.poll() is not None:
                sys.exit(f"the benchmark ended early; see {log_path}")
            time.sleep(0.2)

    seen = 0
    for engine in a.engines.split(","):
        for kind in a.kinds.split(","):
            for ci, conns in enumerate(a.connections.split(",")):
                for ti, target in enumerate(TARGETS):
                    # A window starts when the previous line is printed (a kind's first: when its servers are up).
                    first = ci == 0 and ti == 0
                    wait(lambda: len(results()) >= seen and (not first or f"{engine}/{kind}: servers up" in open(log_path).read()))
                    time.sleep(3.0)
                    servers = roles(bench.pid)
                    before, t0 = snapshot(bench.pid, servers, postmaster), time.time()
                    time.sleep(7.8)
                    after, t1 = snapshot(bench.pid, servers, postmaster), time.time()
                    wait(lambda: len(results()) >= seen + 1)
                    rate = float(re.search(r"([\d.]+) req/s", results()[seen]).group(1))
                    seen += 1
                    requests = max(rate * (t1 - t0), 1)
                    used = {k: (after[k] - before[k]) / HZ for k in after}
                    own = sum(v for k, v in used.items() if k != "machine")
                    cells = " | ".join(f"{1000 * used.get(k, 0) / requests:.1f}" for k in COLUMNS)
                    print(f"| {engine} | {kind} | {conns} | {target} | {rate:.1f} | {cells} | {1000 * own / requests:.1f} | "
                          f"{used['machine'] / (t1 - t0):.2f} | {(used['machine'] - own) / (t1 - t0):.2f} |", file=report, flush=True)
    bench.wait()
    print(open(os.path.join(a.out, "cpu.md")).read())


if __name__ == "__main__":
    main()
