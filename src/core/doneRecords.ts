// Done records: how an action id named by the caller is recognised long after it finished. A
// lane remembers its recent ids for a quarter of an hour (core/lanes.ts); this remembers them for
// RECORD_DAYS, longer than any action can be parked (RankGun's quota resets monthly), in one
// DataStore key per member or session. Entries older than that are dropped whenever the key is
// written.
//
// DataStore limits (https://create.roblox.com/docs/cloud-services/data-stores/error-codes-and-limits):
// keys up to 50 characters (long names are digested, core/keys.ts), values up to 4 MB (about 100
// bytes an id: tens of thousands of ids per member or session). GetAsync may answer from a cache
// up to 4 seconds old; a copy submitted within seconds of the first is caught by its lane instead.
import { Future } from "./future";
import { DATA_KEY_LIMIT, fitKey } from "./keys";
import { FinishedRecord } from "./lanes";
import { DurableStore } from "./stores";

export const RECORD_DAYS = 45;
const RECORD_SECONDS = RECORD_DAYS * 86_400;

/** A finished record with the Unix time it was written. */
export interface DoneEntry extends FinishedRecord {
	at: number;
}

type DoneMap = Record<string, DoneEntry>;

export class DoneRecords {
	constructor(
		private readonly store: DurableStore,
		private readonly unixTime: () => number,
	) {}

	static key(group: string): string {
		return fitKey("d/", group, DATA_KEY_LIMIT);
	}

	lookup(group: string, id: string): Future<DoneEntry | undefined> {
		const horizon = this.unixTime() - RECORD_SECONDS;
		return this.store.get<DoneMap>(DoneRecords.key(group)).andThen((records) => {
			const entry = records?.[id];
			return entry && entry.at > horizon ? entry : undefined;
		});
	}

	write(group: string, record: FinishedRecord): Future<void> {
		const now = this.unixTime();
		const horizon = now - RECORD_SECONDS;
		return this.store
			.update<DoneMap>(DoneRecords.key(group), (current) => {
				const records: DoneMap = {};
				for (const [id, entry] of pairs(current ?? {})) if (entry.at > horizon) records[id as string] = entry;
				records[record.id] = { ...record, at: now };
				return records;
			})
			.andThen(() => undefined);
	}
}
