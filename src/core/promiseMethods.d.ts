/** Each function of `prototype`, first calling `before` with the object it is called on (its arguments passed on exactly). */
declare function promiseMethods(prototype: object, before: (promise: object) => void): Record<string, Callback>;
export = promiseMethods;
