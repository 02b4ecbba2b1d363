import { putTakeScenario } from './put-take.mjs'

// Same loop with 1,000 other takers waiting on other types; per-put cost vs the plain loop is
// checked by run.mjs (within 2x).
export default putTakeScenario({
  title: 'put, 1k other takers',
  n: 20_000,
  quick: 2_000,
  others: 1_000,
  target: { ratio: 0.1, vsScenario: { id: 'put-take', max: 2 } },
})
