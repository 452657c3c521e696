import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Linux reports process times in clock ticks, 100 a second on every platform node runs on here. */
const TICKS_PER_SECOND = 100;

interface ProcessTime {
  pid: number;
  parent: number;
  group: number;
  /** its own utime + stime */
  seconds: number;
  /** that of its children that have exited (cutime + cstime) */
  exitedChildren: number;
}

/** CPU times of every process, with its parent and process group, from /proc (empty off Linux). */
function processTimes(): ProcessTime[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  return pids.flatMap((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces), from field 3 on.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = (index: number) => Number(fields[index]);
      return [
        {
          pid: Number(pid),
          parent: ticks(1),
          group: ticks(2),
          seconds: (ticks(11) + ticks(12)) / TICKS_PER_SECOND,
          exitedChildren: (ticks(13) + ticks(14)) / TICKS_PER_SECOND,
        },
      ];
    } catch {
      return []; // it exited meanwhile
    }
  });
}

/**
 * CPU seconds used so far by each embedded service (its whole process group, as the launcher starts it, and
 * its direct children with theirs, living or exited: PostgreSQL's backends each lead a group of their own),
 * by each listed process, and by this one: read before and after a phase, the difference is where the
 * phase's time went.
 */
export function cpuSeconds(dataDir: string, processes: Record<string, number>): Record<string, number> {
  const times = processTimes();
  const services = ['mongo', 'postgres', 'temporal', 'redis'];
  const result: Record<string, number> = {};
  for (const service of services) {
    try {
      const state = JSON.parse(readFileSync(join(dataDir, 'run', `${service}.json`), 'utf8')) as {
        pid: number;
      };
      result[service] = times
        .filter((entry) => entry.group === state.pid || entry.parent === state.pid)
        .reduce(
          (sum, entry) => sum + entry.seconds + (entry.pid === state.pid ? entry.exitedChildren : 0),
          0,
        );
    } catch {
      // not started by the launcher (an external server): not measured
    }
  }
  for (const [name, pid] of Object.entries(processes))
    result[name] = times.find((entry) => entry.pid === pid)?.seconds ?? 0;
  const own = process.cpuUsage();
  result.bench_and_api = (own.user + own.system) / 1e6;
  return result;
}

/** Where a phase's CPU went: seconds per process between two readings, and the share of the wall time. */
export function cpuBetween(
  before: Record<string, number>,
  after: Record<string, number>,
  wallSeconds: number,
): Record<string, { cpu_seconds: number; cores_busy: number }> {
  return Object.fromEntries(
    Object.keys(after).map((name) => {
      const used = (after[name] ?? 0) - (before[name] ?? 0);
      return [
        name,
        { cpu_seconds: Number(used.toFixed(1)), cores_busy: Number((used / wallSeconds).toFixed(2)) },
      ];
    }),
  );
}
