#!/usr/bin/python3
# bench.py: accord against its floor and Samba's `net rpc user` on one
# standalone smbd, in one run. Started by run.sh inside the server's network
# namespace (`tests/samba/server exec standalone --`), which sets ACCORD_TEST_*.
# See docs/benchmarks.md for what each row means.
#
#   bench.py --accord BIN --floor BIN --diff BIN --work DIR --out FILE [--smoke]
#            [--phase floor-seed|main]    (run.sh runs both, each on a fresh server)
#
# Exit 0 when every step did what it should (targets met or not), 3 when the
# run was correct but a target was missed (full runs only), 1 on any failure.
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

SERVER = os.environ["ACCORD_TEST_SERVER"]
AUTH = os.environ["ACCORD_TEST_AUTH"]
SAMBA_DIR = os.path.join(os.environ.get("ACCORD_SAMBA_DIR", "/tmp/accord-samba"), "standalone")
# Samba's SAMR server caches QueryDisplayInfo results and drops the cache
# only after 10 s without an enumeration: a bulk read sooner than that after
# an out-of-band write may not see it (docs/benchmarks.md).
CACHE_IDLE_S = 11
# One shared secret for every account that states a password: accord
# fingerprints it once per run (scrypt, ~5 ms), whatever the number of users.
BENCH_PW = "Bench-Pw-7Qx-" + os.urandom(6).hex()


class Failure(Exception):
    pass


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def run_rss(argv, env=None, expect=(0,)):
    """Runs argv; returns (wall ms, the child's own peak RSS in MB from
    wait4, stdout, stderr). Output goes through files: a pipe that fills
    (--trace prints a line a call) would stall the child."""
    e = dict(os.environ)
    e.update(env or {})
    with tempfile.TemporaryFile() as fo, tempfile.TemporaryFile() as fe:
        t0 = time.monotonic()
        p = subprocess.Popen(argv, stdout=fo, stderr=fe, env=e)
        _, status, ru = os.wait4(p.pid, 0)
        ms = (time.monotonic() - t0) * 1000
        p.returncode = os.waitstatus_to_exitcode(status)
        fo.seek(0)
        fe.seek(0)
        text, err = fo.read().decode(errors="replace"), fe.read().decode(errors="replace")
    if p.returncode not in expect:
        raise Failure(f"{' '.join(argv[:6])}... exited {p.returncode}: {err.strip()[-800:]}")
    return ms, ru.ru_maxrss / 1024.0, text, err


class Bench:
    def __init__(self, a):
        self.a = a
        self.work = a.work
        self.state = os.path.join(a.work, "state.db")
        if a.smoke:
            self.n, self.m, self.d, self.reps, self.apply_reps, self.peer, self.ndiff = \
                300, 30, 3, 3, 1, 5, 10000
        else:
            self.n, self.m, self.d, self.reps, self.apply_reps, self.peer, self.ndiff = \
                10000, 1000, 100, 5, 5, 100, 100000
        self.rows = []
        self.facts = {}
        self.env = {"BENCH_PW": BENCH_PW}

    # ------------------------------------------------------------ inputs

    def name(self, prefix, i):
        return f"{prefix}{i:05d}"

    def full_name(self, i):
        return f"Bench User {i:05d}"

    def write_inputs(self):
        n, step = self.n, self.n // self.m
        self.managed = list(range(0, n, step))[: self.m]
        self.drifted = self.managed[:: self.m // self.d][: self.d]

        def lst(path, prefix, idx):
            with open(path, "w") as f:
                for i in idx:
                    f.write(f"{self.name(prefix, i)}\t{self.full_name(i)}\tbench\n")
            return path

        def yaml(path, idx, password):
            with open(path, "w") as f:
                f.write("version: 1\nusers:\n")
                for i in idx:
                    f.write(f"  - name: {self.name('bn', i)}\n"
                            f"    full_name: {self.full_name(i)}\n"
                            f"    description: bench\n")
                    if password:
                        f.write("    password: {env: BENCH_PW}\n")
            return path

        w = self.work
        self.seed_floor_lst = lst(f"{w}/seed-floor.lst", "bn", range(n))
        self.seed_yaml = yaml(f"{w}/seed.yaml", range(n), True)
        self.managed_lst = lst(f"{w}/managed.lst", "bn", self.managed)
        self.drifted_lst = lst(f"{w}/drifted.lst", "bn", self.drifted)
        self.managed_yaml = yaml(f"{w}/managed.yaml", self.managed, False)
        self.managed_pw_yaml = yaml(f"{w}/managed-pw.yaml", self.managed, True)
        self.peer_names = [self.name("bn", i) for i in self.managed[:: max(1, self.m // self.peer)]][: self.peer]

    # ------------------------------------------------------------ tools

    def accord(self, *args, trace=False, expect=(0,)):
        argv = [self.a.accord, "-s", SERVER, "-A", AUTH, "--state", self.state, "--format", "json"]
        if trace:
            argv.append("--trace")
        return run_rss(argv + list(args), env=self.env, expect=expect)

    def floor(self, op, lst, full=False):
        argv = [self.a.floor, SERVER, AUTH, op, lst] + (["--full"] if full else [])
        ms, rss, out, _ = run_rss(argv, env=self.env)
        return ms, rss, json.loads(out)

    def net(self, *args):
        # -A: credentials from the auth file; the password is never on a
        # command line or printed
        argv = ["net", "-s", f"{SAMBA_DIR}/client.conf", "rpc", "-S", SERVER, "-A", AUTH] + list(args)
        return run_rss(argv)

    @staticmethod
    def trace_counts(err):
        m = re.findall(r"^trace: [a-z]+: (\d+) calls \((\d+) reads, (\d+) writes, (\d+) round trips\)",
                       err, re.M)
        if not m:
            raise Failure("accord --trace printed no summary line")
        c = [int(x) for x in m[-1]]
        return {"calls": c[0], "reads": c[1], "writes": c[2], "round_trips": c[3]}

    @staticmethod
    def json_counts(j):
        """apply's JSON counts the process's calls (not its round trips)."""
        p = j["process"]
        return {"calls": p["calls"], "reads": p["reads"], "writes": p["writes"], "round_trips": None}

    @staticmethod
    def floor_counts(j):
        return {k: j[k] for k in ("calls", "reads", "writes", "round_trips")}

    def wait_cache(self):
        time.sleep(CACHE_IDLE_S)

    # ------------------------------------------------------------ checks

    def plan_changes(self, text):
        s = json.loads(text)["summary"]
        return s["add"] + s["change"] + s["destroy"]

    def check(self, cond, what):
        if not cond:
            raise Failure(what)

    # ------------------------------------------------------------ rows

    def row(self, op, accord_ms, floor_ms, accord_rss, floor_rss, ac, fc, per_acct_n, peer_ms=None,
            peer_what=None):
        def stats(v):
            return {"min": round(min(v), 1), "median": round(statistics.median(v), 1), "runs": len(v)}

        r = {
            "operation": op,
            "accord_ms": stats(accord_ms),
            "floor_ms": stats(floor_ms) if floor_ms else None,
            "ratio_median": round(statistics.median(accord_ms) / statistics.median(floor_ms), 2) if floor_ms else None,
            "ratio_min": round(min(accord_ms) / min(floor_ms), 2) if floor_ms else None,
            "accounts": per_acct_n,
            "accord_ms_per_account": round(statistics.median(accord_ms) / per_acct_n, 3),
            "peer_ms_per_account": round(peer_ms, 2) if peer_ms is not None else None,
            "peer_what": peer_what,
            "speedup_vs_peer": round(peer_ms / (statistics.median(accord_ms) / per_acct_n), 1)
            if peer_ms is not None else None,
            "accord_calls": ac,
            "floor_calls": fc,
            "accord_peak_rss_mb": round(max(accord_rss), 1),
            "floor_peak_rss_mb": round(max(floor_rss), 1) if floor_rss else None,
        }
        self.rows.append(r)
        log(f"{op}: accord median {r['accord_ms']['median']} ms, floor "
            f"{r['floor_ms']['median'] if floor_ms else '-'} ms")
        return r

    # ------------------------------------------------------------ steps

    def floor_seed(self):
        """Phase 1, on a fresh server: the floor adds N accounts. run.sh then
        starts a fresh server for phase 2 (deleting 10,000 accounts costs
        more than adding them: nss-edit rewrites the passwd file each time)."""
        log(f"seeding, floor: {self.n} accounts on a fresh server")
        fms, frss, fj = self.floor("seed", self.seed_floor_lst)
        self.check(fj["changed"] == self.n, "floor seed added too few accounts")
        with open(os.path.join(self.work, "floor-seed.json"), "w") as f:
            json.dump({"ms": fms, "rss": frss, "result": fj}, f)
        return 0

    def seed(self):
        with open(os.path.join(self.work, "floor-seed.json")) as f:
            fs = json.load(f)
        fms, frss, fj = fs["ms"], fs["rss"], fs["result"]
        log(f"seeding, accord: {self.n} accounts on a fresh server")
        ams, arss, out, err = self.accord("apply", "-f", self.seed_yaml, "--auto-approve")
        j = json.loads(out)
        self.check(j["status"] == "succeeded" and j["summary"]["ok"] == self.n,
                   f"seed apply: {j['status']}, {j['summary']}")
        self.row("seed: apply of N new users (password: one shared env secret)", [ams], [fms], [arss], [frss],
                 self.json_counts(j), self.floor_counts(fj), self.n)
        self.seed_row = self.rows[-1]

    def peer_samples(self):
        log(f"imperative peer: net rpc user info/add/rename/delete over {self.peer} accounts")
        info = sum(self.net("user", "info", nm)[0] for nm in self.peer_names) / self.peer
        add = ren = dele = 0.0
        for i in range(self.peer):
            add += self.net("user", "add", self.name("bp", i), "-c", "bench")[0]
        for i in range(self.peer):
            ren += self.net("user", "rename", self.name("bp", i), self.name("bq", i))[0]
        for i in range(self.peer):
            dele += self.net("user", "delete", self.name("bq", i))[0]
        self.peer_ms = {"info": info, "add": add / self.peer, "rename": ren / self.peer,
                        "delete": dele / self.peer}
        self.facts["peer_ms_per_account"] = {k: round(v, 2) for k, v in self.peer_ms.items()}
        s = self.seed_row
        s["peer_ms_per_account"] = round(self.peer_ms["add"], 2)
        s["peer_what"] = "net rpc user add"
        s["speedup_vs_peer"] = round(self.peer_ms["add"] / s["accord_ms_per_account"], 1)

    def reads(self, label, verb, yaml_path, full, expect_changes):
        """verb: plan or drift; alternates accord and floor runs."""
        a_ms, a_rss, f_ms, f_rss = [], [], [], []
        for _ in range(self.reps):
            args = [verb, "-f", yaml_path] + (["--detailed-exitcode"] if verb == "plan" else [])
            ms, rss, out, _ = self.accord(*args, expect=(0, 2))
            a_ms.append(ms)
            a_rss.append(rss)
            if verb == "plan":
                got = self.plan_changes(out)
            else:
                got = json.loads(out)["counts"]["accounts"]
            self.check(got == expect_changes, f"{label}: accord found {got} changes, expected {expect_changes}")
            # the floor re-reads what the bulk read shows as changed, as accord does
            ms, rss, fj = self.floor("plan" if verb == "plan" else "report", self.managed_lst, full)
            self.check(fj["changed"] == expect_changes,
                       f"{label}: floor found {fj['changed']} changes, expected {expect_changes}")
            f_ms.append(ms)
            f_rss.append(rss)
        _, _, _, err = self.accord(verb, "-f", yaml_path, trace=True, expect=(0, 2))
        self.row(label, a_ms, f_ms, a_rss, f_rss, self.trace_counts(err), self.floor_counts(fj), self.m,
                 self.peer_ms["info"], "net rpc user info")

    def drift_out(self):
        ms, _, fj = self.floor("drift", self.drifted_lst)
        self.check(fj["changed"] == self.d, "out-of-band drift failed")
        self.wait_cache()

    def applies(self, label, yaml_path, full):
        a_ms, a_rss, f_ms, f_rss = [], [], [], []
        ac = fc = None
        for rep in range(self.apply_reps):
            self.drift_out()
            ms, rss, out, err = self.accord("apply", "-f", yaml_path, "--auto-approve", trace=rep == 0)
            j = json.loads(out)
            self.check(j["status"] == "succeeded" and j["summary"]["ok"] == self.d,
                       f"{label}: accord apply {j['status']} {j['summary']}")
            if rep == 0:
                ac = self.trace_counts(err)  # this run is traced: not timed
                traced_ms, traced_rss = ms, rss
            else:
                a_ms.append(ms)
                a_rss.append(rss)
            # an immediate bulk read after the apply: does it see the writes?
            _, _, fj = self.floor("bulk", self.managed_lst)
            self.facts.setdefault("stale_bulk_read_after_apply", []).append(fj["changed"])
            self.drift_out()
            ms, rss, fj = self.floor("apply", self.managed_lst, full)
            self.check(fj["changed"] == self.d, f"{label}: floor apply changed {fj['changed']}")
            f_ms.append(ms)
            f_rss.append(rss)
            fc = self.floor_counts(fj)
        if not a_ms:  # smoke: the one run was traced; time it all the same
            a_ms, a_rss = [traced_ms], [traced_rss]
        self.row(label, a_ms, f_ms, a_rss, f_rss, ac, fc, self.m,
                 self.peer_ms["info"] + self.d / self.m * self.peer_ms["rename"],
                 f"net rpc user info, plus rename for {self.d}/{self.m}")

    def diff_alone(self):
        log(f"diff engine alone: {self.ndiff} desired x {self.ndiff} live, in memory")
        ms, rss, out, err = run_rss([self.a.diff, str(self.ndiff)], expect=(0, 1))
        text = out + err
        m = re.search(r"([0-9.]+) s", text)
        diff_s = float(m.group(1)) if m else None
        r = {"operation": f"diff engine alone, {self.ndiff} x {self.ndiff} in memory",
             "diff_s": diff_s, "process_ms": round(ms, 1), "peak_rss_mb": round(rss, 1),
             "output": text.strip()}
        self.diff = r
        log(f"diff: {text.strip()}")

    def main(self):
        os.makedirs(self.work, exist_ok=True)
        if os.path.exists(self.state):
            os.unlink(self.state)
        self.write_inputs()
        if self.a.phase == "floor-seed":
            return self.floor_seed()
        self.seed()
        self.peer_samples()
        self.wait_cache()
        self.reads("converged plan (no password stated)", "plan", self.managed_yaml, False, 0)
        self.reads("converged plan (one shared env secret)", "plan", self.managed_pw_yaml, True, 0)
        self.drift_out()
        self.reads("plan, 10% drifted in one field (no password)", "plan", self.managed_yaml, False, self.d)
        self.reads("plan, 10% drifted (shared env secret)", "plan", self.managed_pw_yaml, True, self.d)
        self.reads("drift report, 10% drifted (no password)", "drift", self.managed_yaml, False, self.d)
        self.applies("apply of the drift (no password)", self.managed_yaml, False)
        if not self.a.smoke:  # each apply run waits twice for the server's cache
            self.applies("apply of the drift (shared env secret)", self.managed_pw_yaml, True)
        self.diff_alone()
        return self.report()

    # ------------------------------------------------------------ report

    def verdicts(self):
        by = {r["operation"]: r for r in self.rows}
        conv = by["converged plan (no password stated)"]
        app = by["apply of the drift (no password)"]
        t = []
        t.append(("converged plan <= 1.3x floor", conv["ratio_median"] <= 1.3, conv["ratio_median"]))
        t.append(("apply <= 1.2x floor", app["ratio_median"] <= 1.2, app["ratio_median"]))
        for r in self.rows:
            if r["floor_calls"]:
                t.append((f"calls equal to floor: {r['operation']}",
                          r["accord_calls"]["calls"] == r["floor_calls"]["calls"],
                          f"{r['accord_calls']['calls']} vs {r['floor_calls']['calls']}"))
            if r["speedup_vs_peer"] is not None:
                t.append((f">= 25x faster per account than peer: {r['operation']}",
                          r["speedup_vs_peer"] >= 25, r["speedup_vs_peer"]))
        d = self.diff
        t.append(("diff 100,000 x 100,000 under 1 s", d["diff_s"] is not None and d["diff_s"] < 1.0, d["diff_s"]))
        t.append(("diff 100,000 x 100,000 under 200 MB", d["peak_rss_mb"] < 200, d["peak_rss_mb"]))
        return [{"target": a, "met": bool(b), "value": c} for a, b, c in t]

    def table(self):
        lines = ["| operation | accord ms (min / median) | floor ms (min / median) | ratio (median) | "
                 "accord ms per account | peer ms per account | speedup vs peer | "
                 "NetUser calls accord / floor | peak RSS MB accord / floor |",
                 "|---|---|---|---|---|---|---|---|---|"]
        for r in self.rows:
            f = r["floor_ms"]
            lines.append(
                f"| {r['operation']} | {r['accord_ms']['min']} / {r['accord_ms']['median']} | "
                f"{f['min']} / {f['median']} | {r['ratio_median']} | {r['accord_ms_per_account']} | "
                f"{r['peer_ms_per_account'] if r['peer_ms_per_account'] is not None else '-'} | "
                f"{r['speedup_vs_peer'] if r['speedup_vs_peer'] is not None else '-'} | "
                f"{r['accord_calls']['calls']} / {r['floor_calls']['calls']} | "
                f"{r['accord_peak_rss_mb']} / {r['floor_peak_rss_mb']} |")
        d = self.diff
        lines.append(f"| {d['operation']} | {d['diff_s'] * 1000 if d['diff_s'] is not None else '?'} "
                     f"(diff only) | - | - | - | - | - | 0 | {d['peak_rss_mb']} / - |")
        return "\n".join(lines)

    def report(self):
        v = self.verdicts()
        res = {
            "smoke": self.a.smoke,
            "accounts_on_server": self.n, "managed": self.m, "drifted": self.d,
            "runs": self.reps, "apply_runs": self.apply_reps, "peer_sample": self.peer,
            "password": "seed and the '(shared env secret)' rows state {env: BENCH_PW} for every "
                        "user: one scrypt fingerprint per run; the other rows state no password",
            "rows": self.rows, "diff": self.diff, "facts": self.facts, "targets": v,
            "host": {"cpus": os.cpu_count(), "kernel": os.uname().release},
            "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        with open(self.a.out, "w") as f:
            json.dump(res, f, indent=1)
        print(self.table())
        print()
        for t in v:
            print(f"{'met ' if t['met'] else 'MISS'}  {t['target']}: {t['value']}")
        print(f"\nfacts: {json.dumps(self.facts)}")
        print(f"results: {self.a.out}")
        if self.a.smoke:
            return 0
        return 0 if all(t["met"] for t in v) else 3


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--accord", required=True)
    p.add_argument("--floor", required=True)
    p.add_argument("--diff", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--smoke", action="store_true")
    p.add_argument("--phase", choices=("floor-seed", "main"), default="main")
    a = p.parse_args()
    try:
        return Bench(a).main()
    except Failure as e:
        print(f"bench: FAILED: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
