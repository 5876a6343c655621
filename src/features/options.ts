// Checks the option tables the features take, so a Luau typo ("sesionTypes") is an error that
// names the known fields instead of a setting silently ignored.
import { ErrorKind, RankError } from "../core/errors";
import * as check from "../core/validate";

export function checkFields(value: unknown, what: string, known: ReadonlyArray<string>): Record<string, unknown> {
	const fields = check.record(value, what);
	for (const [key] of pairs(fields)) {
		if (!known.includes(key as string)) {
			throw new RankError(ErrorKind.InvalidRequest, `${what}: unknown field "${key}" (known: ${known.join(", ")})`);
		}
	}
	return fields;
}

export function optionalNumber(value: unknown, what: string, min: number): number | undefined {
	if (value === undefined) return undefined;
	if (!typeIs(value, "number") || value !== value || value < min) {
		throw new RankError(ErrorKind.InvalidRequest, `${what} must be a number of at least ${min}, got ${tostring(value)}`);
	}
	return value;
}

export function optionalList<T>(value: unknown, what: string, item: (entry: unknown, label: string) => T): Array<T> | undefined {
	if (value === undefined) return undefined;
	const list = check.record(value, what) as unknown as Array<defined>;
	return list.map((entry, index) => item(entry, `${what}[${index + 1}]`));
}

export function optionalFunction<T extends Callback>(value: unknown, what: string): T | undefined {
	if (value !== undefined && !typeIs(value, "function")) {
		throw new RankError(ErrorKind.InvalidRequest, `${what} must be a function, got ${tostring(value)}`);
	}
	return value as T | undefined;
}
