/**
 * Each function of `prototype`, first calling `before` with the object it is called on (its
 * arguments passed on exactly); with `chain`, `andThen` and `catch` on a pending Promise make
 * their Promise with it (`source()` says where the call was made).
 */
declare function promiseMethods(
	prototype: object,
	before: (promise: object) => void,
	chain?: (parent: object, source: string, onResolved?: Callback, onRejected?: Callback) => object,
	source?: () => string,
): Record<string, Callback>;
export = promiseMethods;
