import { compare, formatDifference, type Difference } from './interpreter.js'
import { printProgram, simplifications, size, type Program } from './program.js'

/**
 * Greedy shrinking: take the first one-step simplification (program.ts `simplifications`) that
 * still shows a difference, until none does (or `budget` comparisons were spent).
 */
export async function shrink(program: Program, budget = 3_000): Promise<{ program: Program; difference: Difference }> {
  let current = program
  let difference = await compare(current)
  if (!difference) throw new Error('shrink: the program shows no difference')
  let spent = 0
  let progress = true
  while (progress && spent < budget) {
    progress = false
    for (const candidate of simplifications(current)) {
      if (++spent > budget) break
      const d = await compare(candidate)
      if (d) {
        current = candidate
        difference = d
        progress = true
        break
      }
    }
  }
  return { program: current, difference }
}

/** A counterexample as text: seed, minimal program, both logs around the first difference. */
export function report(seed: number, original: Program, minimal: { program: Program; difference: Difference }): string {
  return [
    `seed ${seed} (program size ${size(original)} -> ${size(minimal.program)})`,
    printProgram(minimal.program),
    formatDifference(minimal.difference),
  ].join('\n')
}
