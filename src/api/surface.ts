// The part of RankBridge's public API that the built-in features (attendance, chat commands)
// are written against. RankBridge implements it; features import this interface, never the
// bridge, so they use nothing a game could not use itself.
import { ActionReport } from "../core/action";
import { Signal } from "../core/signal";
import { Capabilities } from "../providers/provider";
import { RankChange } from "../providers/rankgun/types";
import { Sessions } from "./sessions";

export type { Session, SessionDetail, SessionStatus } from "../providers/rankgun/types";

export interface RankOptions {
	/** Why; RankGun records it with the action. */
	reason?: string;
	/** Who asked for it (a user id), for the audit trail. */
	actor?: number;
	/**
	 * A unique id for this action. Submitting the same id again (on this or any server) does
	 * not run it twice. Default: a fresh id.
	 */
	id?: string;
	/**
	 * Check again just before sending, from fresh rank reads, that `actor` still outranks the
	 * member and the rank they would end up with; if not, reject with Forbidden, unsent. Chat
	 * commands use it: an admin's rank is checked when they type, and again when it runs.
	 */
	guard?: boolean;
}

export interface RankBridgeApi {
	readonly capabilities: Capabilities;
	readonly sessions: Sessions;
	readonly actionCompleted: Signal<ActionReport>;
	getRank(userId: number): Promise<number>;
	promote(userId: number, options?: RankOptions): Promise<RankChange>;
	demote(userId: number, options?: RankOptions): Promise<RankChange>;
	setRank(userId: number, rank: number, options?: RankOptions): Promise<RankChange>;
	groupRanks(): Promise<Array<number>>;
}
