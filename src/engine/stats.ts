import type { ContainerStats } from './types.js';

/** The parts of the engine's stats document we read (GET /containers/{id}/stats). */
export interface RawStats {
  cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
}

/**
 * CPU and memory as `docker stats` shows them: CPU is the container's share of the host's CPU time
 * since the previous sample, times the CPUs online (so 200% is two busy cores); memory leaves out the
 * page cache (cgroup v1 `total_inactive_file`, v2 `inactive_file`), which the kernel gives back on demand.
 */
export function toContainerStats(raw: RawStats): ContainerStats {
  const cpu = raw.cpu_stats;
  const pre = raw.precpu_stats;
  const cpuDelta = (cpu?.cpu_usage?.total_usage ?? 0) - (pre?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (cpu?.system_cpu_usage ?? 0) - (pre?.system_cpu_usage ?? 0);
  const cpus = cpu?.online_cpus || cpu?.cpu_usage?.percpu_usage?.length || 1;
  const memory = raw.memory_stats;
  const cache = memory?.stats?.total_inactive_file ?? memory?.stats?.inactive_file ?? 0;
  const usage = memory?.usage ?? 0;
  return {
    // The stream's first sample has no previous one: its "delta" would be the container's whole life.
    cpuPercent: pre?.system_cpu_usage && systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0,
    memoryBytes: Math.max(0, usage - (cache < usage ? cache : 0)),
    memoryLimitBytes: memory?.limit ?? 0,
  };
}
