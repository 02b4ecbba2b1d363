// TypeDoc plugin (loaded by typedoc.json): ties the API reference to the packages' `exports` maps.
// - Each entry module is named by the import specifier a user writes (`@sagaflow/core/effects`),
//   not by its path (`core/src/effects`).
// - Every public subpath in a package's `exports` must be an entry point in typedoc.json, and
//   every entry point must be a public subpath: a new subpath without docs fails `pnpm docs:api`.
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Application, Converter, ReflectionKind } from 'typedoc'

const root = new URL('..', import.meta.url).pathname
const packagesDir = join(root, 'packages')

/** The runtime file a conditional `exports` target resolves to (`./dist/esm/effects.js`). */
function runtimeFile(target) {
  if (typeof target === 'string') return /\.[cm]?js$/.test(target) ? target : undefined
  for (const [condition, value] of Object.entries(target ?? {})) {
    const file = condition === 'types' ? undefined : runtimeFile(value)
    if (file) return file
  }
  return undefined
}

/** Absolute source path (`packages/core/src/effects.ts`) → specifier (`@sagaflow/core/effects`). */
function publicEntries() {
  const entries = new Map()
  for (const dir of readdirSync(packagesDir)) {
    const manifest = JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8'))
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      if (subpath === './package.json') continue
      const source = (runtimeFile(target) ?? '').replace(/^\.\/dist\/(esm|cjs|browser)\//, './src/').replace(/\.[cm]?js$/, '.ts')
      entries.set(resolve(packagesDir, dir, source), subpath === '.' ? manifest.name : `${manifest.name}${subpath.slice(1)}`)
    }
  }
  return entries
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  const entries = publicEntries()

  app.on(Application.EVENT_BOOTSTRAP_END, () => {
    const configured = new Set(app.options.getValue('entryPoints').map((path) => resolve(path)))
    for (const [source, specifier] of entries) {
      if (!configured.has(source)) app.logger.error(`typedoc.json: ${specifier} is in the exports map but ${source.slice(root.length)} is not in entryPoints; add it`)
    }
    for (const path of configured) {
      if (!entries.has(path)) app.logger.error(`typedoc.json: entry point ${path.slice(root.length)} is not a public subpath in any package's exports; remove it or export it`)
    }
  })

  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module)) return
    const fileName = context.getSymbolFromReflection(reflection)?.declarations?.[0]?.getSourceFile().fileName
    const specifier = fileName && entries.get(resolve(fileName))
    if (specifier) reflection.name = specifier
  })
}
