// /promote, /demote, /setrank and /rank. A rank change is checked against the admin's own rank
// when it is typed: the member must be below the admin, and so must the rank they end up with,
// counting the commands for that member still queued on this server (see pendingRanks.ts).
// What is queued is always the absolute rank worked out then (a setRank), carrying a guard:
// just before it is sent the admin's and the member's ranks are read again, and it is refused
// if the admin no longer outranks them both (see ../providers/guard.ts).
import { toRankError } from "../core/errors";
import { neighbourRank } from "../core/ranks";
import { RankChange } from "../providers/rankgun/types";
import { CommandCall, CommandDefinition, done, failed, refuse, Reply, Work } from "./commandTypes";
import { isPlayer, playerLabel, resolvePlayer } from "./names";

function usage(definition: { usage: string }): Reply {
	return refuse("BadUsage", `Usage: ${definition.usage}`);
}

function readFailed(raised: unknown): Reply {
	return failed(`Could not read ranks: ${toRankError(raised)}`);
}

/** Parses `<player>` for a rank change: one player, not the admin. */
function rankTarget(call: CommandCall, definition: { usage: string }, words: number): Player | Reply {
	if (call.args.size() !== words) return usage(definition);
	const target = resolvePlayer(call.args[0]);
	if (!isPlayer(target)) return target;
	if (target.UserId === call.admin.UserId) return refuse("Self", "You cannot change your own rank.");
	return target;
}

function auditReason(call: CommandCall): string {
	return `Chat command by ${call.admin.Name} (${call.admin.UserId}): ${call.text}`;
}

/** A change worked out and queued: its rank before (counting queued commands) and after. */
interface Queued {
	from: number;
	to: number;
	change: Promise<RankChange>;
}

/**
 * Reads the admin's rank, the member's rank and the group's ranks, checks the member is below
 * the admin, and asks `decide` for the absolute rank to set, from the rank the member will have
 * once this server's queued commands for them have run. Queues that rank with a guard.
 */
function planChange(
	call: CommandCall,
	target: Player,
	decide: (mine: number, from: number, ranks: ReadonlyArray<number>) => number | Reply,
): Promise<Reply | Queued> {
	const pending = call.pending;
	return pending.inTurn(target.UserId, () =>
		Promise.all([call.adminRank(), call.bridge.getRank(target.UserId), call.bridge.groupRanks()]).then(
			([mine, theirs, ranks]): Reply | Queued => {
				const label = playerLabel(target);
				if (theirs === 0) return refuse("NotInGroup", `${label} is not in the group.`);
				if (theirs >= mine) return refuse("TargetOutranks", `${label} is rank ${theirs}, which is not below your rank (${mine}).`);
				const from = pending.rankAfterQueued(target.UserId) ?? theirs;
				const to = decide(mine, from, ranks);
				if (!typeIs(to, "number")) return to;
				const change = call.bridge.setRank(target.UserId, to, { actor: call.admin.UserId, reason: auditReason(call), guard: true });
				pending.track(target.UserId, to, change);
				return { from, to, change };
			},
			readFailed,
		),
	);
}

/** Waits for a queued change and words the outcome. */
function report(planned: Reply | Queued, label: string, words: (from: number, to: number) => string, verb: string): Promise<Reply> | Reply {
	if (!("change" in planned)) return planned;
	return planned.change.then(
		(change) => done(words(change.oldRank ?? planned.from, change.newRank ?? planned.to)),
		(raised) => failed(`Could not ${verb} ${label}: ${toRankError(raised)}`),
	);
}

function relative(name: "promote" | "demote", direction: 1 | -1): CommandDefinition {
	const definition: CommandDefinition = {
		name,
		usage: `/${name} <player>`,
		parse: (call): Reply | Work => {
			const target = rankTarget(call, definition, 1);
			if (!isPlayer(target)) return target;
			const label = playerLabel(target);
			return () =>
				planChange(call, target, (mine, from, ranks) => {
					const moved = neighbourRank(ranks, from, direction);
					const queued = from !== call.pending.rankAfterQueued(target.UserId) ? "" : ` once the changes already queued for them are made`;
					if (moved === undefined)
						return refuse(
							"AtLimit",
							`${label} is already at the ${direction === 1 ? "highest" : "lowest"} rank that can be given${queued}.`,
						);
					if (moved >= mine)
						return refuse(
							"RankTooHigh",
							`Promoting ${label} would make them rank ${moved}${queued}, which is not below your rank (${mine}).`,
						);
					return moved;
				}).then((planned) =>
					report(planned, label, (from, to) => `${direction === 1 ? "Promoted" : "Demoted"} ${label}: rank ${from} → ${to}.`, name),
				);
		},
	};
	return definition;
}

const setRank: CommandDefinition = {
	name: "setrank",
	usage: "/setrank <player> <rank number>",
	parse: (call): Reply | Work => {
		const target = rankTarget(call, setRank, 2);
		if (!isPlayer(target)) return target;
		const typed = call.args[1];
		const rank = tonumber(typed);
		if (rank === undefined || rank % 1 !== 0 || rank < 1 || rank > 254) {
			return refuse("BadRank", `"${typed}" is not a rank number: give a whole number from 1 to 254.`);
		}
		const label = playerLabel(target);
		return () =>
			planChange(call, target, (mine, _, ranks) => {
				const giveable = ranks.filter((candidate) => candidate > 0 && candidate < 255 && candidate < mine);
				if (!ranks.includes(rank)) {
					return refuse("BadRank", `The group has no rank ${rank}. Ranks you can give: ${giveable.join(", ")}.`);
				}
				if (rank >= mine) return refuse("RankTooHigh", `You cannot give rank ${rank}: it is not below your rank (${mine}).`);
				return rank;
			}).then((planned) => report(planned, label, (from, to) => `Set ${label} to rank ${to} (was ${from}).`, "set the rank of"));
	},
};

const showRank: CommandDefinition = {
	name: "rank",
	usage: "/rank [player]",
	parse: (call): Reply | Work => {
		if (call.args.size() > 1) return usage(showRank);
		const target = call.args.size() === 0 ? call.admin : resolvePlayer(call.args[0]);
		if (!isPlayer(target)) return target;
		const label = playerLabel(target);
		return () =>
			call.bridge
				.getRank(target.UserId)
				.then((rank) => done(rank === 0 ? `${label} is not in the group.` : `${label} is rank ${rank}.`), readFailed);
	},
};

export const RANK_COMMANDS: ReadonlyArray<CommandDefinition> = [relative("promote", 1), relative("demote", -1), setRank, showRank];
