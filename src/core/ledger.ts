// What every server of the game can see about actions: which are done (so a replay, a handed
// over copy or a rejoin is not run twice) and who is working on handed-over work right now.
import { SharedMap } from "./stores";

/** Long enough to outlive any handover and any rejoin worth deduplicating. */
const DONE_TTL = 3 * 24 * 3600;

export interface DoneRecord {
	/** Unix seconds. */
	at: number;
	ok: boolean;
	oldRank?: number;
	newRank?: number;
	/** For a failure: its kind and message, so a replay elsewhere reports the same. */
	kind?: string;
	message?: string;
	/**
	 * For a failure that retrying could still fix (retries ran out): where it stopped, so a
	 * replay resumes it (settling first if a send may have landed) instead of starting over.
	 */
	resume?: { kind: string; rank?: number; fromRank?: number; uncertain?: boolean };
}

interface Claim {
	owner: string;
	/** Unix seconds. */
	until: number;
}

export class Ledger {
	constructor(
		private readonly map: SharedMap,
		private readonly unixTime: () => number,
	) {}

	/** The record of a finished action, if any server finished it. */
	done(id: string): Promise<DoneRecord | undefined> {
		return this.map.get<DoneRecord>(`done/${id}`);
	}

	markDone(id: string, record: Omit<DoneRecord, "at">): Promise<void> {
		const stored = { ...record, at: this.unixTime() };
		return this.map.update<DoneRecord>(`done/${id}`, () => stored, DONE_TTL).then(() => undefined);
	}

	/** Takes or renews `key` for `owner` for `seconds`; false if another owner holds it. */
	claim(key: string, owner: string, seconds: number): Promise<boolean> {
		const now = this.unixTime();
		return this.map
			.update<Claim>(
				`claim/${key}`,
				(current) => (current && current.owner !== owner && current.until > now ? undefined : { owner, until: now + seconds }),
				seconds,
			)
			.then((current) => current !== undefined && current.owner === owner);
	}
}
