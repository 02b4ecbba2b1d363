/*
 * How `runSaga` tells a monitor which clock its sagas run on. The monitor API has no clock (its
 * hooks are the reference's), so a monitor that wants one (the tracer: effect times on the saga's
 * clock, CONTRACT §1.8) carries a method under this key; `runSaga` calls it with its clock before
 * `rootSagaStarted`. A registered symbol, so a tracer from another copy of the package is told too,
 * and a non-enumerable key on the monitor object.
 */
export const MONITOR_CLOCK: unique symbol = Symbol.for('@sagaflow/monitor-clock') as any
