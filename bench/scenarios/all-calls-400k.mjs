import { allScenario } from './all-calls.mjs'

// Must complete (no stack overflow); the ratio is informative.
export default allScenario({ title: 'all 400k', n: 400_000, quick: 20_000, target: { completes: true } })
