/**
 * Leases: which worker owns which transaction, and for how long.
 *
 * Protocol
 * - A transaction tree (a root transaction and its nested ones) is owned by one worker at a
 *   time: `owner`, `lease_expires_at` and `claims` (the number of times it was claimed, the
 *   fencing epoch) on the root's row.
 * - A journal instance writes only trees it holds: those it started, and those `unfinished`
 *   claimed for it. Every write checks, in the same database transaction as the insert, that
 *   owner and epoch are still the hold's, and pushes the lease to `now + leaseMs`. A worker whose
 *   tree was claimed by another (its lease expired) can therefore never write to it again.
 * - A hold is renewed (`renew`, on a timer at least three times per lease) while a transaction
 *   of this process runs it, until the root's terminal or `transaction:stuck` record, and while
 *   `recover` works on a claim, until `release`. After a failed write the running transaction
 *   is in doubt: renewal stops (if this process cannot finish it, its lease runs out and
 *   `recover` on some worker does), and the hold lapses one lease after its last write.
 * - `claimExpired` takes, in one database transaction, roots whose lease has expired and whose
 *   tree has an unfinished transaction, `FOR UPDATE SKIP LOCKED`: two claimers never take the
 *   same root (a root locked by one is skipped by the other; one renewed meanwhile is re-checked
 *   under the lock and skipped). It sets owner, lease and epoch and returns the tree's unfinished
 *   transactions, oldest first.
 * - An instance never claims a root it holds (its own running transaction whose lease lapsed
 *   while the database was away), so one process never runs and recovers a tree at once.
 */
import type { Clock } from '@sagaflow/cancellation'
import { journalError } from './errors.js'
import type { PostgresClient, PostgresPool } from './pool.js'
import type { Tables } from './schema.js'

/** A transaction tree this journal instance may write: it started it, or `unfinished` claimed it. */
export interface Hold {
  readonly root: string
  readonly workerId: string
  readonly leaseMs: number
  /** The root's `claims` when this hold was taken: writes are fenced on it as well as on the owner. */
  readonly epoch: number
  /** Ids of the tree's transactions this process knows (forgotten with the hold). */
  readonly members: Set<string>
  /** A transaction of this process runs it: renewed until it ends. */
  running: boolean
  /** Ids handed to `recover` by `unfinished` and not released yet: renewed meanwhile. */
  readonly claimed: Set<string>
  /**
   * Set when a write failed and nothing renews the hold any more: the running transaction may
   * still write (each write renews the lease) until this clock time, when its lease has lapsed
   * in the database too and the hold is forgotten.
   */
  lapsesAt: number | undefined
}

/** How many lost trees {@link Leases} remembers, to tell a later write of one why it is refused. */
const MAX_TAKEN_OVER = 1_000

export const leaseInterval = (paramIndex: number): string => `clock_timestamp() + $${paramIndex} * interval '1 millisecond'`

export class Leases {
  private readonly holds = new Map<string, Hold>()
  private readonly rootOf = new Map<string, string>()
  /**
   * Roots of holds lost to another worker (a refused write, or a renewal that found the lease
   * taken), newest last: a later write of the same tree is refused saying so, instead of as if
   * this instance had never held it. Bounded: only the latest are kept.
   */
  private readonly takenOver = new Map<string, string>()
  /** The armed heartbeat: `due` is when it fires (clock time); it stays set while its renewal runs. */
  private timer: { handle: unknown; due: number } | undefined = undefined
  private closed = false

  constructor(
    private readonly pool: () => PostgresPool,
    private readonly tables: Tables,
    private readonly clock: Clock,
    private readonly heartbeatMs: number,
  ) {}

  /** The root of a transaction whose tree this instance holds, if known. */
  knownRoot(id: string): string | undefined {
    return this.rootOf.get(id)
  }

  /** The hold on `root`, unless there is none or it has lapsed. */
  hold(root: string): Hold | undefined {
    const hold = this.holds.get(root)
    if (hold?.lapsesAt !== undefined && this.clock.now() >= hold.lapsesAt) {
      this.forget(hold)
      return undefined
    }
    return hold
  }

  /** Roots this instance holds: never claimed by it (a tree is never run and recovered by one instance at once). */
  heldRoots(): string[] {
    return [...this.holds.keys()].filter((root) => this.hold(root) !== undefined)
  }

  /** A root transaction this instance starts: held and renewed while it runs. */
  started(root: string, workerId: string, leaseMs: number): void {
    this.holds.set(root, { root, workerId, leaseMs, epoch: 0, members: new Set([root]), running: true, claimed: new Set(), lapsesAt: undefined })
    this.rootOf.set(root, root)
    this.schedule()
  }

  /** A transaction of a held tree (a nested one, or one recover touches). */
  joined(id: string, hold: Hold): void {
    hold.members.add(id)
    this.rootOf.set(id, hold.root)
  }

  /** Trees `unfinished` claimed: held (renewed) until each handed-out id is released. */
  claimed(workerId: string, leaseMs: number, transactions: readonly { id: string; root: string; epoch: number }[]): void {
    for (const { id, root, epoch } of transactions) {
      let hold = this.holds.get(root)
      if (!hold || hold.epoch !== epoch) {
        if (hold) this.forget(hold)
        hold = { root, workerId, leaseMs, epoch, members: new Set([root]), running: false, claimed: new Set(), lapsesAt: undefined }
        this.holds.set(root, hold)
        this.rootOf.set(root, root)
      }
      hold.members.add(id)
      hold.claimed.add(id)
      this.rootOf.set(id, root)
    }
    this.schedule()
  }

  /** A write through `hold` committed (and renewed the lease in the database). */
  wrote(hold: Hold): void {
    if (hold.lapsesAt !== undefined) hold.lapsesAt = this.clock.now() + hold.leaseMs
  }

  /** The running transaction of the tree ended (terminal or `transaction:stuck` record of its root). */
  ended(hold: Hold): void {
    hold.running = false
    hold.lapsesAt = undefined
    if (hold.claimed.size === 0) this.forget(hold)
  }

  /**
   * A write failed: the running transaction is in doubt. Stop renewing, so that if this process
   * cannot finish it, its lease runs out and `recover` on some worker does.
   */
  failed(hold: Hold): void {
    if (!hold.running) return
    hold.running = false
    if (hold.claimed.size === 0) hold.lapsesAt = this.clock.now() + hold.leaseMs
  }

  release(id: string): void {
    const root = this.rootOf.get(id)
    const hold = root === undefined ? undefined : this.holds.get(root)
    if (!hold) return
    hold.claimed.delete(id)
    if (hold.claimed.size === 0 && !hold.running) this.forget(hold)
  }

  /** Another worker owns the tree now: drop it. */
  lost(hold: Hold): void {
    if (this.holds.get(hold.root) !== hold) return
    this.forget(hold)
    this.takenOver.delete(hold.root)
    this.takenOver.set(hold.root, hold.workerId)
    if (this.takenOver.size > MAX_TAKEN_OVER) this.takenOver.delete(this.takenOver.keys().next().value!)
  }

  /** The worker this instance held `root` as, when it lost `root` to another worker. */
  takenOverFrom(root: string): string | undefined {
    return this.takenOver.get(root)
  }

  private forget(hold: Hold): void {
    if (this.holds.get(hold.root) !== hold) return
    this.holds.delete(hold.root)
    for (const id of hold.members) if (this.rootOf.get(id) === hold.root) this.rootOf.delete(id)
  }

  /**
   * Renews now the lease of every hold that is renewed (running or claimed). Holds whose lease
   * another worker took over are dropped. Rejects with a `PostgresJournalError` if the database
   * cannot be reached.
   */
  async renew(): Promise<void> {
    const groups = new Map<string, { workerId: string; leaseMs: number; holds: Hold[] }>()
    for (const hold of this.holds.values()) {
      if (!hold.running && hold.claimed.size === 0) continue
      const key = `${hold.leaseMs}\u0000${hold.workerId}`
      let group = groups.get(key)
      if (!group) groups.set(key, (group = { workerId: hold.workerId, leaseMs: hold.leaseMs, holds: [] }))
      group.holds.push(hold)
    }
    for (const { workerId, leaseMs, holds } of groups.values()) {
      let renewed: Set<string>
      try {
        const { rows } = await this.pool().query(
          `UPDATE ${this.tables.transactions} AS t SET lease_expires_at = ${leaseInterval(4)}
             FROM unnest($1::text[], $2::int[]) AS h(id, epoch)
            WHERE t.id = h.id AND t.claims = h.epoch AND t.owner = $3
            RETURNING t.id`,
          [holds.map((h) => h.root), holds.map((h) => h.epoch), workerId, leaseMs],
        )
        renewed = new Set(rows.map((row: { id: string }) => row.id))
      } catch (error) {
        throw journalError(error, `renew the leases of worker "${workerId}"`)
      }
      for (const hold of holds) if (!renewed.has(hold.root)) this.lost(hold)
    }
  }

  /**
   * Keeps a heartbeat timer armed while something is renewed, soon enough for the shortest
   * lease held: a claim with a shorter lease than the holds already renewed (a recovery worker's
   * `leaseMs` below the journal's, while a transaction of this process runs) re-arms a timer
   * that would fire after that lease ran out.
   */
  private schedule(): void {
    if (this.closed) return
    // Renew at least three times per lease, whatever lease a claim asked for.
    let every = Infinity
    for (const hold of this.holds.values()) {
      if (hold.running || hold.claimed.size > 0) every = Math.min(every, this.heartbeatMs, hold.leaseMs / 3)
    }
    if (every === Infinity) return
    const due = this.clock.now() + every
    if (this.timer) {
      // Armed soon enough, or firing now (its renewal re-schedules when it ends).
      if (this.timer.due <= due) return
      this.clock.clearTimeout(this.timer.handle)
    }
    const timer = {
      due,
      handle: this.clock.setTimeout(() => {
        void this.renew()
          .catch(() => {
            // The database is away: the next beat tries again; writes report the outage.
          })
          .finally(() => {
            if (this.timer === timer) this.timer = undefined
            this.schedule()
          })
      }, every),
    }
    this.timer = timer
  }

  close(): void {
    this.closed = true
    if (this.timer) this.clock.clearTimeout(this.timer.handle)
    this.timer = undefined
    for (const hold of [...this.holds.values()]) this.forget(hold)
    this.takenOver.clear()
  }
}

/**
 * Claims for `workerId` up to `limit` trees whose lease expired and that have unfinished
 * transactions; returns those transactions (oldest first) with their roots. `client` is inside
 * `BEGIN`.
 */
export async function claimExpired(
  client: PostgresClient,
  t: Tables,
  options: { workerId: string; leaseMs: number; limit: number; exclude: readonly string[] },
): Promise<{ id: string; root: string; epoch: number }[]> {
  const locked = await client.query(
    `SELECT r.id FROM ${t.transactions} r
      WHERE r.id IN (SELECT o.root_id FROM ${t.transactions} o WHERE o.finished_at IS NULL)
        AND r.lease_expires_at <= clock_timestamp()
        AND r.id <> ALL($1)
      ORDER BY r.position
      LIMIT $2
      FOR UPDATE OF r SKIP LOCKED`,
    [options.exclude, options.limit],
  )
  if (locked.rows.length === 0) return []
  const roots = locked.rows.map((row: { id: string }) => row.id)
  const taken = await client.query(
    `UPDATE ${t.transactions} SET owner = $2, lease_expires_at = ${leaseInterval(3)}, claims = claims + 1 WHERE id = ANY($1) RETURNING id, claims`,
    [roots, options.workerId, options.leaseMs],
  )
  const epochs = new Map<string, number>(taken.rows.map((row: { id: string; claims: number }) => [row.id, row.claims]))
  const open = await client.query(
    `SELECT id, root_id FROM ${t.transactions} WHERE root_id = ANY($1) AND finished_at IS NULL ORDER BY position`,
    [roots],
  )
  return open.rows.map((row: { id: string; root_id: string }) => ({ id: row.id, root: row.root_id, epoch: epochs.get(row.root_id)! }))
}
