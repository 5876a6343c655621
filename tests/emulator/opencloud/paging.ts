// List paging: maxPageSize (clamped to the documented maximum) and opaque page tokens that
// only work with the same other parameters as the call that issued them.
import { IdSource } from "../ids";

/** The page size asked for: default when absent or 0, clamped to max; undefined if invalid. */
export function readPageSize(raw: string | undefined, byDefault: number, max: number): number | undefined {
	if (raw === undefined || raw === "") return byDefault;
	if (raw.match("^%d+$")[0] === undefined) return undefined;
	const size = tonumber(raw)!;
	if (size === 0) return byDefault;
	return math.min(size, max);
}

export type PageStart = { offset: number } | "unknown" | "mismatch";

export class PageTokens {
	private readonly issued = new Map<string, { signature: string; offset: number }>();

	constructor(private readonly ids: IdSource) {}

	/** A token for the page starting at `offset` of the list `signature` describes. */
	issue(signature: string, offset: number): string {
		const token = this.ids.hex(32);
		this.issued.set(token, { signature, offset });
		return token;
	}

	/** Where the page starts: 0 without a token. */
	start(token: string | undefined, signature: string): PageStart {
		if (token === undefined || token === "") return { offset: 0 };
		const entry = this.issued.get(token);
		if (!entry) return "unknown";
		if (entry.signature !== signature) return "mismatch";
		return { offset: entry.offset };
	}
}

/** Items [offset, offset + size) and whether more follow. */
export function slice<T extends defined>(items: ReadonlyArray<T>, offset: number, size: number): { page: Array<T>; more: boolean } {
	const page = new Array<T>();
	for (let i = offset; i < math.min(offset + size, items.size()); i++) page.push(items[i]);
	return { page, more: offset + size < items.size() };
}
