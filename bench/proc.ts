// What the kernel counts for a process (Linux /proc, as the benches run): the app server's CPU time
// and resident memory are what it really spent and holds, whatever the bench thinks it sent. Every
// reader throws when the process is gone; callers that must carry on catch it.
import { readdirSync, readFileSync } from "node:fs";

/**
 * The fields of /proc/<pid>/stat after "pid (comm) ": comm may contain spaces and parentheses, so
 * the split starts after the last ')'. Index 0 is the state (field 3 in proc(5)), 1 the ppid.
 */
export function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** utime + stime (fields 14 and 15) in clock ticks, 1/100 s on Linux. */
function cpuTicks(pid: number): number {
  const fields = statFields(pid);
  return Number(fields[11]) + Number(fields[12]);
}

// Both from whole ticks: ticks × 10 and ticks / 100 are exact, so neither unit rounds differently.
export const cpuMs = (pid: number): number => cpuTicks(pid) * 10;
export const cpuSeconds = (pid: number): number => cpuTicks(pid) / 100;

/** VmRSS from /proc/<pid>/status, in MB. */
export function rssMb(pid: number): number {
  const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) / 1024;
}

/** Child pids of `pid`. */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (Number(statFields(Number(name))[1]) === pid) out.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}
