// What Hyra Ranking answers, as RankBridge hands it to game code. Hyra's Firestore timestamps
// ({_seconds, _nanoseconds}) arrive as Unix seconds; ids it sends as strings arrive as numbers.

/** `bridge.hyra:tokenInfo()`. */
export interface HyraTokenInfo {
	/** The group the token ranks in. */
	groupId: number;
	/** Unix seconds when the token was made, when Hyra says. */
	created?: number;
	paid?: boolean;
	/** Rank and message calls spent in the current quota day (500 a day, reset at 05:00 UTC). */
	usage: number;
}

/** One rank change Hyra logged for the token. */
export interface HyraLogEntry {
	/** Hyra's id for the entry; pass the last one of a page as `index` to read the next page. */
	id: string;
	/** The member who was ranked. */
	userId: number;
	/** The rank number they were given. */
	rankId?: number;
	groupId?: number;
	/** Unix seconds. */
	date?: number;
	/** Where the change came from, e.g. "Hyra Browser". */
	type?: string;
	country?: string;
	ip?: string;
	ray?: string;
}

/** One page of `bridge.hyra:logs()`, newest first, at most 20 entries. */
export interface HyraLogPage {
	entries: Array<HyraLogEntry>;
	/** Pass back as `index` for the next page; nil on the last page. */
	nextIndex?: string;
}

/** What `RankBridge.createHyraToken` resolves with. */
export interface HyraNewToken {
	/** The ranking token: keep it out of logs and source control. */
	token: string;
	/** The bot account the token ranks with. */
	username?: string;
	userId?: number;
}
