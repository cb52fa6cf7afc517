"""Wall time of one wait against a READY daemon: this Python waiter vs `java -jar schemagate.jar wait`.

    python3 measure_wait.py --socket /run/schemagate/schemagate.sock --jar daemon/target/schemagate.jar [--runs 30]

Runs both alternately (so that load changes hit both alike) and prints the median and p90 in milliseconds of wall
time and of CPU time (user + system, which load from other processes inflates far less than wall time).
"""
import argparse, os, resource, shutil, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))


def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (r.ru_utime + r.ru_stime) * 1000


def timed(command):
    cpu_before, start = cpu(), time.perf_counter()
    r = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = (time.perf_counter() - start) * 1000
    if r.returncode != 0:
        sys.exit("%s exited %d: %s" % (command, r.returncode, r.stderr))
    return elapsed, cpu() - cpu_before


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--socket", required=True)
    p.add_argument("--jar", required=True)
    p.add_argument("--runs", type=int, default=30)
    a = p.parse_args()
    java = os.environ.get("JAVA") or shutil.which("java")
    commands = {
        "python3 schemagate_wait.py": [sys.executable, os.path.join(HERE, "schemagate_wait.py"), "--socket", a.socket],
        "java -jar schemagate.jar wait": [java, "-jar", a.jar, "wait", "--socket", a.socket],
        "python3 -c pass (interpreter alone)": [sys.executable, "-c", "pass"],
    }
    wall, used = {name: [] for name in commands}, {name: [] for name in commands}
    for _ in range(a.runs):
        for name, command in commands.items():
            w, c = timed(command)
            wall[name].append(w)
            used[name].append(c)
    p90 = lambda t: sorted(t)[max(0, int(len(t) * 0.9) - 1)]
    print("| command | wall median ms | wall p90 ms | CPU median ms | CPU p90 ms | runs |")
    print("|---|---|---|---|---|---|")
    for name in commands:
        w, c = wall[name], used[name]
        print("| `%s` | %.0f | %.0f | %.0f | %.0f | %d |" % (name, statistics.median(w), p90(w), statistics.median(c), p90(c), len(w)))


if __name__ == "__main__":
    main()
