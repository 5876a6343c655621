// The documented Hyra Ranking response shapes, checked with @rbxts/t. Hyra's pages disagree on
// whether ids and ranks are numbers or strings, so both are accepted; interfaces are open.
import { t } from "@rbxts/t";

const digits = (value: unknown): value is string => typeIs(value, "string") && value.match("^%d+$")[0] !== undefined;
/** A number, or a string of digits. */
export const numeric = t.union(t.number, digits as t.check<string>);

/** A Firestore timestamp as Hyra writes it ({_seconds, _nanoseconds}), or plain seconds. */
export const timestamp = t.union(
	t.number,
	t.interface({ _seconds: t.number, _nanoseconds: t.optional(t.number) }),
	t.interface({ seconds: t.number, nanoseconds: t.optional(t.number) }),
);

/** Every answer carries a success flag: `Success` on /rank and /message, `success` elsewhere. */
export const outcome = t.union(t.interface({ Success: t.boolean }), t.interface({ success: t.boolean }));

export const newToken = t.interface({ token: t.string, username: t.optional(t.string), id: t.optional(numeric) });
export const spun = t.interface({ token: t.string });
export const tokenInfo = t.interface({
	groupId: numeric,
	created: t.optional(timestamp),
	paid: t.optional(t.boolean),
	usage: numeric,
});

export const logPage = t.interface({
	data: t.array(
		t.interface({
			id: t.string,
			data: t.interface({
				user: numeric,
				rankId: t.optional(numeric),
				groupId: t.optional(numeric),
				date: t.optional(timestamp),
				type: t.optional(t.string),
				country: t.optional(t.string),
				ip: t.optional(t.string),
				ray: t.optional(t.string),
			}),
		}),
	),
	length: t.optional(t.number),
});

/** `numeric` as a number. */
export function toNumber(value: number | string): number {
	return typeIs(value, "number") ? value : tonumber(value)!;
}

/** A `timestamp` as Unix seconds. */
export function toUnixSeconds(value: t.static<typeof timestamp>): number {
	if (typeIs(value, "number")) return value;
	if ("_seconds" in value) return value._seconds + (value._nanoseconds ?? 0) / 1e9;
	return value.seconds + (value.nanoseconds ?? 0) / 1e9;
}
