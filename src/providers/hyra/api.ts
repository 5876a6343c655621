import { unsupported } from "../../core/errors";
import { Future, promised } from "../../core/future";
import { HyraClient } from "./client";
import { HyraLogEntry, HyraLogPage, HyraTokenInfo } from "./types";

/**
 * Hyra Ranking's own operations, as `bridge.hyra`. The same object exists for every provider;
 * on one that is not Hyra each call rejects with kind Unsupported.
 *
 * Luau: `bridge.hyra:message(userId, "Promotion", "Well done!"):await()`
 * TypeScript: `bridge.hyra.message(userId, "Promotion", "Well done!")`
 */
export class HyraApi {
	constructor(
		private readonly client: HyraClient | undefined,
		private readonly provider: string,
	) {}

	private use<T>(what: string, body: (client: HyraClient) => Future<T>): Promise<T> {
		return promised(() => (this.client ? body(this.client) : unsupported<T>(this.provider, what)));
	}

	/** The token's group, when it was made, whether it is paid, and the calls spent today (of 500). */
	tokenInfo(): Promise<HyraTokenInfo> {
		return this.use("Hyra token info", (client) => client.tokenInfo());
	}

	/**
	 * Sends the member a Roblox message from the bot account (only for "Hyra Cookie" accounts).
	 * Spends one of the token's 500 daily calls. Sent once, never retried: a message that got no
	 * answer may have been delivered.
	 */
	message(userId: number, subject: string, message: string): Promise<void> {
		return this.use("messaging", (client) => client.message(userId, subject, message));
	}

	/** One page of the token's rank log, newest first (20 a page). Pass `nextIndex` back as `index`. */
	logs(index?: string): Promise<HyraLogPage> {
		return this.use("rank logs", (client) => client.logs(index));
	}

	/** Every page of the rank log, newest first; `maxPages` caps how many pages are read. */
	allLogs(maxPages?: number): Promise<Array<HyraLogEntry>> {
		return this.use("rank logs", (client) => client.allLogs(maxPages));
	}

	/**
	 * Gives the token a new value and resolves with it; this bridge uses it from then on. Every
	 * other server still holds the old value, which stops working: store the new one where your
	 * servers read their config before spinning in a live game.
	 */
	spin(): Promise<string> {
		return this.use("Hyra token management", (client) => client.spin());
	}

	/** Invalidates the token for good: every later call with it fails with kind InvalidKey. */
	deleteToken(): Promise<void> {
		return this.use("Hyra token management", (client) => client.deleteToken());
	}
}
