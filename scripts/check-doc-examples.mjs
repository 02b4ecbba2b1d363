// Type-checks the TypeScript examples of the docs: every ```ts block of the guides (docs/*.md,
// README.md, ARCHITECTURE.md, the examples' READMEs) and every `@example` of the TSDoc in
// packages/*/src, against the packages' sources, strict. An example that no longer compiles is a
// lie to its reader, and the examples are the API's most-read documentation.
//
//   node scripts/check-doc-examples.mjs      (part of `pnpm lint`, ~20 s; checked itself by
//                                             scripts/check-doc-examples.test.ts)
//
// Examples are fragments, so each is completed before it is checked, the way a reader completes it:
// - a name the packages export is imported from the package (the TSDoc examples import nothing);
// - any other free name (`fetchUser`, `api`, `User`, ...) is declared as `any`, as a value and as a
//   type: the example's own code around it is still checked, what it stands for is not;
// - a fragment with a top-level `yield` (or `return`) is the body of a generator function, an
//   async one if it also awaits;
// - an import of a module that is not there (`./sagas`) is dropped, and its names are free names;
// - a free name on the right of `instanceof` is declared as a class, so that the test narrows.
// What is left is a real error: a misspelt export, a wrong argument count, a type mismatch.
// An example that is not meant to compile (a mistake it warns about) is marked in the fence:
// ```ts nocheck  (Markdown), or `@example` followed by ```ts nocheck (TSDoc).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The packages' public entry points: specifier → source file. */
const ENTRIES = {
  '@sagaflow/core/effects': 'core/src/effects.ts',
  '@sagaflow/core': 'core/src/index.ts',
  '@sagaflow/cancellation': 'cancellation/src/index.ts',
  '@sagaflow/compensation': 'compensation/src/index.ts',
  '@sagaflow/compensation/node': 'compensation/src/node.ts',
  '@sagaflow/compensation/postgres': 'compensation/src/postgres.ts',
  '@sagaflow/testing': 'testing/src/index.ts',
  '@sagaflow/testing/vitest': 'testing/src/vitest.ts',
}
const entryPath = (specifier) => join(root, 'packages', ENTRIES[specifier])
/** Packages the examples import that only an example app or a package depends on: where they lie. */
const EXTERNAL = {
  '@reduxjs/toolkit': 'examples/redux-toolkit/node_modules/@reduxjs/toolkit',
  zustand: 'examples/zustand/node_modules/zustand',
  pg: 'packages/compensation/node_modules/@types/pg',
}

const compilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  // The DOM library (fetch's `Response.json()` is `any` there, as in an app's browser build), less
  // the window globals named like an example's free names (see WINDOW_GLOBALS).
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.esnext.disposable.d.ts'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  types: ['node'],
  typeRoots: [join(root, 'node_modules/@types')],
  paths: {
    ...Object.fromEntries(Object.keys(ENTRIES).map((specifier) => [specifier, [entryPath(specifier)]])),
    ...Object.fromEntries(Object.entries(EXTERNAL).map(([specifier, path]) => [specifier, [join(root, path)]])),
  },
  // Examples show a step, not a program: an unused name or parameter is not an error there.
  noUnusedLocals: false,
  noUnusedParameters: false,
  // What a declared `any` hands to a callback (`ids.map((id) => ...)`) is untyped by construction.
  noImplicitAny: false,
}

// ---- collecting the examples ----

const files = (dir, test) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (name === 'node_modules' || name === 'dist' || name === 'api') return []
    return statSync(path).isDirectory() ? files(path, test) : test(path) ? [path] : []
  })

/** ```ts blocks of a Markdown file: { file, line, code, nocheck }. */
function markdownExamples(file) {
  const lines = readFileSync(file, 'utf8').split('\n')
  const out = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(ts|typescript)\b(.*)$/.exec(lines[i])
    if (!open) continue
    const start = i + 1
    while (++i < lines.length && !/^\s*```\s*$/.test(lines[i]));
    const indent = open[1].length
    out.push({ file, line: start + 1, code: lines.slice(start, i).map((l) => l.slice(indent)).join('\n'), nocheck: /nocheck/.test(open[3]) })
  }
  return out
}

/** ```ts blocks inside the doc comments of a source file (the `@example` sections). */
function tsdocExamples(file) {
  const lines = readFileSync(file, 'utf8').split('\n')
  const out = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*\*\s?```(ts|typescript)\b(.*)$/.exec(lines[i])
    if (!open) continue
    const start = i + 1
    while (++i < lines.length && !/^\s*\*\s?```\s*$/.test(lines[i]));
    const code = lines
      .slice(start, i)
      .map((l) => l.replace(/^\s*\*( |$)/, ''))
      .join('\n')
    out.push({ file, line: start + 1, code, nocheck: /nocheck/.test(open[2]) })
  }
  return out
}

/** Every example of the repository's docs and TSDoc, in a stable order. */
export function collectExamples() {
  const guides = [join(root, 'README.md'), join(root, 'ARCHITECTURE.md'), ...files(join(root, 'docs'), (p) => p.endsWith('.md')), ...files(join(root, 'examples'), (p) => p.endsWith('README.md'))]
  const sources = files(join(root, 'packages'), (p) => /\/src\/.*\.ts$/.test(p) && !p.endsWith('.d.ts'))
  return [...guides.flatMap(markdownExamples), ...sources.flatMap(tsdocExamples)]
}

// ---- what the packages export ----

/** name → { specifier, isType }: the first entry (in ENTRIES order) that exports it wins. */
function exportedNames() {
  const program = ts.createProgram(Object.keys(ENTRIES).map(entryPath), compilerOptions)
  const checker = program.getTypeChecker()
  const names = new Map()
  for (const specifier of Object.keys(ENTRIES)) {
    const symbol = checker.getSymbolAtLocation(program.getSourceFile(entryPath(specifier)))
    for (const exported of checker.getExportsOfModule(symbol)) {
      if (names.has(exported.name) || exported.name === 'default') continue
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
      names.set(exported.name, { specifier, isValue: (target.flags & ts.SymbolFlags.Value) !== 0 })
    }
  }
  return names
}

// ---- completing and checking ----

/**
 * lib.dom.d.ts's globals that examples use as their own free names (`expectSaga(parent)`,
 * `status`, `event`, `process`-like verbs): removed from the library, so that the example's name is
 * declared instead of meaning `window.parent`.
 */
const WINDOW_GLOBALS = new Set([
  'closed', 'event', 'external', 'frames', 'history', 'length', 'location', 'name', 'opener', 'origin', 'parent',
  'scheduler', 'screen', 'self', 'status', 'top', 'navigation', 'orientation', 'toolbar', 'menubar',
  'alert', 'blur', 'close', 'confirm', 'focus', 'open', 'print', 'prompt', 'scroll', 'stop',
])
const domLib = readFileSync(join(dirname(ts.sys.getExecutingFilePath()), 'lib.dom.d.ts'), 'utf8')
  .split('\n')
  .filter((line) => {
    const global = /^declare (?:var|const|function) (\w+)\b/.exec(line)
    return !global || !WINDOW_GLOBALS.has(global[1])
  })
  .join('\n')

const FREE_NAME = new Set([2304, 2552, 2582, 2580, 2593, 18004, 2503, 2663, 2686])
// `yield` outside a generator (in a module, strict: "'yield' is a reserved word"), `return` outside a function.
const NEEDS_GENERATOR = new Set([1163, 1214, 1108])
/** Names that cannot be declared as a type (`type symbol = any` is an error). */
const TYPE_KEYWORDS = new Set(['any', 'bigint', 'boolean', 'never', 'number', 'object', 'string', 'symbol', 'undefined', 'unknown', 'void'])

/** The module of a "cannot find module" diagnostic. */
function missingModule(diagnostic) {
  return /^['"](.*)['"]$/.exec(diagnostic.file.text.slice(diagnostic.start, diagnostic.start + diagnostic.length))?.[1]
}

/** True if the identifier at `position` is the right operand of `instanceof`. */
function isInstanceofTarget(sourceFile, position) {
  let found = false
  const visit = (node) => {
    if (found || position < node.pos || position >= node.end) return
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword && node.right.getStart() === position) found = true
    else ts.forEachChild(node, visit)
  }
  visit(sourceFile)
  return found
}

function virtualName(index) {
  return join(root, '.doc-examples', `example-${index}.ts`)
}

let domSourceFile
function check(sources) {
  const host = ts.createCompilerHost(compilerOptions)
  const getSourceFile = host.getSourceFile.bind(host)
  host.getSourceFile = (name, version) => {
    if (sources.has(name)) return ts.createSourceFile(name, sources.get(name), version, true)
    if (name.endsWith('/lib.dom.d.ts')) return (domSourceFile ??= ts.createSourceFile(name, domLib, version, true))
    return getSourceFile(name, version)
  }
  const fileExists = host.fileExists.bind(host)
  host.fileExists = (name) => sources.has(name) || fileExists(name)
  const readFile = host.readFile.bind(host)
  host.readFile = (name) => sources.get(name) ?? readFile(name)
  const program = ts.createProgram([...sources.keys()], compilerOptions, host)
  const byFile = new Map([...sources.keys()].map((name) => [name, []]))
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const name = diagnostic.file?.fileName
    if (byFile.has(name)) byFile.get(name).push(diagnostic)
  }
  return byFile
}

/** The name a "cannot find name" diagnostic is about. */
function freeName(diagnostic) {
  const text = diagnostic.file.text.slice(diagnostic.start, diagnostic.start + diagnostic.length)
  return /^[A-Za-z_$][\w$]*$/.test(text) ? text : undefined
}

/** The example's code as a module: imports of the exported names it uses, declarations of the rest. */
function complete(example, { wrap, imports, declared, classes, dropped }) {
  const lines = example.code.split('\n')
  const importLines = []
  const body = []
  let statement = null
  for (const line of lines) {
    if (statement !== null || /^import\s/.test(line)) {
      statement = statement === null ? [line] : [...statement, line]
      const from = /from\s+['"]([^'"]+)['"]|^import\s+['"]([^'"]+)['"]/.exec(line)
      if (from) {
        if (!dropped.has(from[1] ?? from[2])) importLines.push(...statement)
        statement = null
      }
    } else body.push(line)
  }
  const byModule = new Map()
  for (const [name, specifier] of imports) {
    if (!byModule.has(specifier)) byModule.set(specifier, [])
    byModule.get(specifier).push(name)
  }
  const header = [
    ...importLines,
    ...[...byModule].map(([specifier, names]) => `import { ${names.join(', ')} } from '${specifier}'`),
    ...[...declared].map((name) =>
      classes.has(name)
        ? `declare class ${name} { constructor(...args: any[]); [key: string]: any }`
        : `declare let ${name}: any${TYPE_KEYWORDS.has(name) ? '' : `; type ${name} = any`}`,
    ),
    'export {}',
  ]
  const async = /\bawait\b/.test(example.code)
  const code = wrap
    ? `${async ? 'async ' : ''}function* __example(): ${async ? 'AsyncGenerator' : 'Generator'}<any, any, any> {\n${body.join('\n')}\n}`
    : body.join('\n')
  return { header, text: `${header.join('\n')}\n${code}\n`, offset: header.length + (wrap ? 1 : 0) }
}

let exported
/**
 * Completes and type-checks `examples` ({ file, line, code, nocheck }); returns the errors, one
 * string each (`file:line: TSnnnn: message` and the line).
 */
export function checkExamples(examples) {
  exported ??= exportedNames()
  const checked = examples.filter((e) => !e.nocheck)
  const state = checked.map(() => ({ wrap: false, imports: new Map(), declared: new Set(), classes: new Set(), dropped: new Set(), misspelt: [] }))
  let results
  // Completing is iterative: a declared name can reveal the next (a wrapped fragment, a name used
  // in a type position only after its value was found). Three rounds settle every example here.
  for (let round = 0; round < 5; round++) {
    const completed = checked.map((example, i) => complete(example, state[i]))
    results = check(new Map(completed.map((c, i) => [virtualName(i), c.text])))
    let changed = false
    checked.forEach((example, i) => {
      const s = state[i]
      for (const diagnostic of results.get(virtualName(i))) {
        if (NEEDS_GENERATOR.has(diagnostic.code) && !s.wrap) {
          s.wrap = changed = true
          continue
        }
        if (diagnostic.code === 2307) {
          const specifier = missingModule(diagnostic)
          if (specifier && !s.dropped.has(specifier)) {
            s.dropped.add(specifier)
            changed = true
          }
          continue
        }
        if (!FREE_NAME.has(diagnostic.code)) continue
        const name = freeName(diagnostic)
        if (!name || name === 'yield' || s.imports.has(name) || s.declared.has(name)) continue
        const fromPackage = exported.get(name)
        if (fromPackage) s.imports.set(name, fromPackage.specifier)
        else {
          const near = misspeltExport(name)
          if (near) s.misspelt.push({ name, near, diagnostic })
          s.declared.add(name)
          if (isInstanceofTarget(diagnostic.file, diagnostic.start)) s.classes.add(name)
        }
        changed = true
      }
    })
    if (!changed) break
  }

  const failures = []
  checked.forEach((example, i) => {
    const { offset, text } = complete(example, state[i])
    const report = (diagnostic, message) => {
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
      const where = `${relative(root, example.file)}:${example.line + Math.max(0, line - offset)}`
      failures.push(`${where}: ${message}\n    | ${text.split('\n')[line]?.trim()}`)
    }
    for (const { name, near, diagnostic } of state[i].misspelt) report(diagnostic, `${name} is not exported by the packages; did you mean ${near}?`)
    for (const diagnostic of results.get(virtualName(i))) report(diagnostic, `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ')}`)
  })
  return failures
}

/**
 * The export a free name is a misspelling of (`takeEvry`: takeEvery): one edit away, same first
 * letter, six letters or more. Shorter names are an example's own too often (`trace` and `race`,
 * `work` and `fork`), and a case change is a value beside its type (`task`, `Task`).
 */
function misspeltExport(name) {
  if (name.length < 6) return undefined
  for (const candidate of exported.keys()) {
    if (candidate.toLowerCase() === name.toLowerCase() || candidate[0].toLowerCase() !== name[0].toLowerCase()) continue
    if (Math.abs(candidate.length - name.length) <= 1 && editDistance(name, candidate) === 1) return candidate
  }
  return undefined
}

function editDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    previous = row
  }
  return previous[b.length]
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const examples = collectExamples()
  const failures = checkExamples(examples)
  const skipped = examples.filter((e) => e.nocheck).length
  console.log(`doc examples: ${examples.length - skipped} type-checked${skipped ? `, ${skipped} marked nocheck` : ''}, ${failures.length} error(s)`)
  if (failures.length) {
    console.error(failures.join('\n'))
    process.exit(1)
  }
}
