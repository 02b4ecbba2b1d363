// How busy the machine was with other work while a harness ran (Linux; elsewhere: unknown).
// A run that shares this 2-core machine with anything else is not comparable: a process keeping
// the second core busy doubled fork + join's time per unit (docs/performance.md, "Compile work,
// measured"). The CPU time the whole machine spent (/proc/stat), minus what this process and the
// children it waited for spent (/proc/self/stat: utime, stime, cutime, cstime), over the elapsed
// CPU time of every core, times the core count: the cores that other processes kept busy, on
// average. Both files count in the same clock ticks, so no tick rate is needed.
import { readFileSync } from 'node:fs'

/** [busy ticks of all CPUs, all ticks of all CPUs] from /proc/stat's first line. */
function machineTicks() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number)
  const idle = fields[3] + fields[4] // idle, iowait
  const all = fields.reduce((sum, value) => sum + value, 0)
  return [all - idle, all]
}

/** CPU ticks of this process and of the children it has waited for. */
function ownTicks() {
  const stat = readFileSync('/proc/self/stat', 'utf8')
  // Fields after the command name (which may contain spaces): state is field 3, utime field 14.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number)
  return fields[11] + fields[12] + fields[13] + fields[14]
}

/**
 * Starts measuring; the function it returns gives the average number of cores other processes
 * kept busy since, or undefined where /proc is not there.
 */
export function startOtherLoad(cores) {
  let start
  try {
    start = [...machineTicks(), ownTicks()]
  } catch {
    return () => undefined
  }
  return () => {
    const [busy, all] = machineTicks()
    const own = ownTicks() - start[2]
    const elapsed = all - start[1]
    if (elapsed <= 0) return undefined
    return Math.max(0, ((busy - start[0] - own) / elapsed) * cores)
  }
}

/** The line a harness prints; a warning when other work took more than a tenth of a core. */
export function describeOtherLoad(cores) {
  if (cores === undefined) return 'other processes: unknown (no /proc)'
  const text = `other processes kept ${cores.toFixed(2)} of a core busy on average during the run`
  return cores > 0.1 ? `WARNING: ${text}; its timings are not comparable with a run on an idle machine` : text
}
