// The services answer with JSON that holds real `null`s (RankGun's `actualStartAt: null`,
// `nextCursor: null`) and empty objects; HttpService:JSONEncode can write neither (nil is
// dropped, {} becomes []). The emulator therefore writes its own JSON, with two markers.

/** Written as JSON `null`. */
export const NULL = setmetatable({}, { __tostring: () => "null" }) as unknown as JsonNull;
/** Written as JSON `{}`. */
export const EMPTY_OBJECT = setmetatable({}, { __tostring: () => "{}" }) as unknown as JsonEmptyObject;

export interface JsonNull {
	readonly _json: "null";
}
export interface JsonEmptyObject {
	readonly _json: "{}";
}
export type JsonValue =
	string | number | boolean | JsonNull | JsonEmptyObject | ReadonlyArray<JsonValue> | { readonly [key: string]: JsonValue | undefined };

const ESCAPES: Record<string, string> = {
	'"': '\\"',
	"\\": "\\\\",
	"\b": "\\b",
	"\f": "\\f",
	"\n": "\\n",
	"\r": "\\r",
	"\t": "\\t",
};

function encodeString(value: string): string {
	const [escaped] = value.gsub('[%c"\\]', (c: string) => ESCAPES[c] ?? "\\u%04x".format(c.byte()[0]));
	return `"${escaped}"`;
}

function encodeNumber(value: number): string {
	if (value === math.floor(value) && math.abs(value) < 2 ** 53) return "%d".format(value);
	for (const digits of [15, 16, 17]) {
		const text = `%.${digits}g`.format(value);
		if (tonumber(text) === value) return text;
	}
	return "%.17g".format(value);
}

export function encodeJson(value: JsonValue | undefined): string {
	if (value === undefined || value === NULL) return "null";
	if (value === EMPTY_OBJECT) return "{}";
	if (typeIs(value, "string")) return encodeString(value);
	if (typeIs(value, "number")) return encodeNumber(value);
	if (typeIs(value, "boolean")) return tostring(value);
	const map = value as unknown as Map<unknown, JsonValue>;
	if ((value as unknown as Array<JsonValue>)[0] !== undefined || next(value)[0] === undefined) {
		const items = (value as ReadonlyArray<JsonValue>).map((item) => encodeJson(item));
		return `[${items.join(",")}]`;
	}
	const keys = new Array<string>();
	for (const [key] of map) keys.push(key as string);
	keys.sort();
	const parts = keys.map((key) => `${encodeString(key)}:${encodeJson(map.get(key))}`);
	return `{${parts.join(",")}}`;
}
