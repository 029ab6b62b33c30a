// A closed-loop HTTP load generator for the benchmarks: `clients` keep-alive connections, each
// sending its next request as soon as the previous answer is complete. It runs on autocannon's
// raw-socket client (Node's llhttp parser, no fetch/undici), so it takes a small share of the CPU
// the app and PostgreSQL share on a small machine; `generatorCpu` says how much it took.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { percentile } from "./lib";

export type TLoadRequest = { method?: "GET" | "POST"; path: string; headers?: Record<string, string>; body?: string };

export type TLoadResult = {
  requests: number;
  errors: number;
  seconds: number;
  /** Sorted, in ms. */
  latencies: number[];
  /** CPU time of this process (user + system) over the wall time: 0.25 = a quarter of one core. */
  generatorCpu: number;
};

/** Runs `clients` concurrent connections for `seconds`; `next()` builds every request afresh. */
export async function runLoad(opts: { port: number; clients: number; seconds: number; next: () => TLoadRequest; expectStatus: number }): Promise<TLoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let instance!: autocannon.Instance;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: `http://127.0.0.1:${opts.port}`,
        connections: opts.clients,
        pipelining: 1,
        duration: opts.seconds,
        timeout: 30,
        requests: [{ setupRequest: (req) => ({ ...req, method: "GET", ...opts.next() }) }],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    if (status !== opts.expectStatus) errors += 1;
  });
  const result = await done;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  // Connection errors and timeouts (autocannon counts both as errors) never produce a response.
  errors += result.errors;
  return { requests: latencies.length, errors, seconds, latencies, generatorCpu: (cpu.user + cpu.system) / 1e6 / seconds };
}

/** The usual table row: throughput and latency percentiles. */
export const loadRow = (r: TLoadResult) => ({
  "requests/s": Math.round(r.requests / r.seconds),
  "p50 ms": +percentile(r.latencies, 50).toFixed(1),
  "p95 ms": +percentile(r.latencies, 95).toFixed(1),
  "p99 ms": +percentile(r.latencies, 99).toFixed(1),
  requests: r.requests,
  errors: r.errors,
});

/** CPU seconds (user + system) of a process so far, from /proc (Linux); 0 elsewhere. */
function processCpuSeconds(pid: number, withReapedChildren = false): number {
  try {
    // Fields after "(comm) ": utime, stime, cutime, cstime are the 12th–15th.
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    const ticks = Number(f[11]) + Number(f[12]) + (withReapedChildren ? Number(f[13]) + Number(f[14]) : 0);
    return ticks / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of a PostgreSQL cluster: the postmaster, its live children and the ones it reaped (autovacuum workers). */
function clusterCpuSeconds(dataDir: string): number {
  let postmaster: number;
  try {
    postmaster = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return 0;
  }
  let total = processCpuSeconds(postmaster, true);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ")[1]) === postmaster) total += processCpuSeconds(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** Busy CPU seconds of the whole machine (all cores), from /proc/stat; NaN elsewhere. */
function machineCpuSeconds(): number {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    return (user! + nice! + system! + irq! + softirq! + steal!) / 100;
  } catch {
    return NaN;
  }
}

/**
 * Measures where the CPU went while `run` ran: the app server process, the PostgreSQL cluster and
 * the whole machine, in cores (1 = one core busy the whole time).
 */
export async function withCpu<T extends { seconds: number }>(opts: { appPid?: number; pgDataDir?: string }, run: () => Promise<T>) {
  const app0 = opts.appPid ? processCpuSeconds(opts.appPid) : 0;
  const pg0 = opts.pgDataDir ? clusterCpuSeconds(opts.pgDataDir) : 0;
  const machine0 = machineCpuSeconds();
  const result = await run();
  return {
    result,
    appCpu: opts.appPid ? (processCpuSeconds(opts.appPid) - app0) / result.seconds : NaN,
    pgCpu: opts.pgDataDir ? (clusterCpuSeconds(opts.pgDataDir) - pg0) / result.seconds : NaN,
    machineCpu: (machineCpuSeconds() - machine0) / result.seconds,
  };
}
