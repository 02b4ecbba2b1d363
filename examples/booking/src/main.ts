// The main demo (`pnpm start`): the travel booking transaction on a Redux Toolkit store, three
// times: a booking that commits, one whose payment fails (the reservations are undone in
// reverse), and one the traveller cancels mid-way (undone too). It prints each transaction's
// steps as they happen, then the task tree, and writes the tracer's HTML timeline (and a PNG
// screenshot of it when Debian's chromium is installed).
import { relative } from 'node:path'
import { runDemo } from './demo.js'
import { chromiumPath, screenshot, writeTimeline } from './timeline.js'

const { tracer } = await runDemo()
// Paths relative to where the user typed the command (pnpm runs us in examples/booking).
const show = (path: string) => relative(process.env.INIT_CWD ?? process.cwd(), path) || path
const htmlPath = writeTimeline(tracer)
console.log(`\nTimeline (open in a browser): ${show(htmlPath)}`)
const shot = await screenshot(htmlPath)
if (shot) console.log(`Screenshot of the timeline:   ${show(shot.path)}`)
else console.log(`(No screenshot: Chromium is not installed at ${chromiumPath}; \`apt-get install -y chromium\` adds it.)`)
