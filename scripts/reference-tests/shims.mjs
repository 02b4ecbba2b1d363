// Internal modules of redux-saga that some of its tests import: what they use of them.
export const noop = () => {}
/** The descriptor newer redux-saga sources give a root saga in monitor events. */
export const root = (saga, args) => ({ root: true, saga, args })
