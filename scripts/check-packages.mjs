// Packs every package and checks the tarball as a user would get it: publint (package.json,
// exports map, files) and are-the-types-wrong (types resolve for node10, node16 CJS/ESM and
// bundlers). Run after `pnpm build`; part of `pnpm lint`.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const out = mkdtempSync(join(tmpdir(), 'sagaflow-pack-'))
const bin = (name) => join(root, 'node_modules', '.bin', name)
let failed = false
try {
  for (const name of ['cancellation', 'core', 'compensation', 'testing']) {
    const dir = join(root, 'packages', name)
    execFileSync(bin('pnpm'), ['pack', '--pack-destination', out], { cwd: dir, stdio: 'pipe' })
    const tarball = join(out, readdirSync(out).find((f) => f.startsWith(`sagaflow-${name}-`)))
    for (const [tool, args] of [
      ['publint', ['run', tarball, '--strict', '--pack', 'false']],
      ['attw', [tarball, '--format', 'table-flipped', '--no-emoji']],
    ]) {
      try {
        execFileSync(bin(tool), args, { cwd: dir, stdio: 'pipe', encoding: 'utf8' })
        console.log(`ok    ${tool} @sagaflow/${name}`)
      } catch (error) {
        failed = true
        console.error(`FAIL  ${tool} @sagaflow/${name}\n${error.stdout ?? ''}${error.stderr ?? ''}`)
      }
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true })
}
process.exit(failed ? 1 : 0)
