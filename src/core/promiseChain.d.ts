/** Makes the first `andThen` / `catch` on a pending Promise without an executor thread (see promiseChain.lua). */
declare function promiseChain(
	promiseClass: object,
	consumersMetatable: object,
	finishedThread: thread,
): (parent: object, source: string, onResolved?: Callback, onRejected?: Callback) => object;
export = promiseChain;
