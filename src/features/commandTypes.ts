// What chat commands share: their results, refusals, and what a command gets to work with.
import type { RankBridgeApi, Session } from "../api/surface";
import { FeatureContext } from "./context";
import { PendingRanks } from "./pendingRanks";
import { SessionActors } from "./sessionActors";

/** Why a command was refused. */
export type RefusalReason =
	/** The player may not use commands (or this command). */
	| "NotPermitted"
	/** The admin's previous command was less than `cooldown` seconds ago. */
	| "Cooldown"
	/** Unknown command, or missing or extra words. */
	| "BadUsage"
	/** No player in the server matches the name. */
	| "UnknownPlayer"
	/** More than one player matches the name. */
	| "AmbiguousPlayer"
	/** Nobody changes their own rank. */
	| "Self"
	/** The target is not in the group. */
	| "NotInGroup"
	/** The target's rank is not below the admin's. */
	| "TargetOutranks"
	/** The new rank would not be below the admin's. */
	| "RankTooHigh"
	/** Not a rank number, or not a rank of the group. */
	| "BadRank"
	/** Already at the top or bottom of the ladder. */
	| "AtLimit"
	/** No session fits. */
	| "NoSession"
	/** More than one session fits. */
	| "AmbiguousSession";

/** "done": it happened; "refused": a check said no and nothing was sent; "failed": the service or a read failed. */
export type CommandStatus = "done" | "refused" | "failed";

/** What came of one command; the admin is shown `message`. */
export interface CommandResult {
	status: CommandStatus;
	/** Who typed it. */
	userId: number;
	/** The command's name ("promote", "session", ...), or what was typed if it is not one. */
	command: string;
	/** The whole message typed. */
	text: string;
	/** What the admin was told. */
	message: string;
	/** Set when refused. */
	reason?: RefusalReason;
}

/** A result before it is tied to who typed what. */
export interface Reply {
	status: CommandStatus;
	message: string;
	reason?: RefusalReason;
}

export function refuse(reason: RefusalReason, message: string): Reply {
	return { status: "refused", reason, message };
}

export function done(message: string): Reply {
	return { status: "done", message };
}

export function failed(message: string): Reply {
	return { status: "failed", message };
}

/** What a command's parse step gets. */
export interface CommandCall {
	readonly bridge: RankBridgeApi;
	readonly context: FeatureContext;
	readonly admin: Player;
	/** The words after the command. */
	readonly args: ReadonlyArray<string>;
	readonly text: string;
	/** The admin's group rank, read once per command. */
	readonly adminRank: () => Promise<number>;
	/** Sessions the /session command works on. */
	readonly wantedSession: (session: Session) => boolean;
	/** This server's rank commands still queued, by member. */
	readonly pending: PendingRanks;
	/** Who session changes are attributed to. */
	readonly actors: SessionActors;
}

/** The requests a command makes, once parsing found nothing to refuse. */
export type Work = () => Promise<Reply>;

export interface CommandDefinition {
	readonly name: string;
	readonly usage: string;
	/** Checks what was typed without making any request: a refusal, or the work to do. */
	readonly parse: (call: CommandCall) => Reply | Work;
}
