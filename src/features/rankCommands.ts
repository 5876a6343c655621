// /promote, /demote, /setrank and /rank. Every rank change is checked against the admin's own
// rank first: the target must be below them, and so must the rank the target ends up with.
import { toRankError } from "../core/errors";
import { neighbourRank } from "../core/ranks";
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

/** Reads the admin's rank, the target's rank and the group's ranks, then checks the target is below the admin. */
function withRanks(call: CommandCall, target: Player, body: (mine: number, theirs: number, ranks: Array<number>) => Promise<Reply> | Reply): Promise<Reply> {
	return Promise.all([call.adminRank(), call.bridge.getRank(target.UserId), call.bridge.groupRanks()]).then(
		([mine, theirs, ranks]) => {
			const label = playerLabel(target);
			if (theirs === 0) return refuse("NotInGroup", `${label} is not in the group.`);
			if (theirs >= mine) return refuse("TargetOutranks", `${label} is rank ${theirs}, which is not below your rank (${mine}).`);
			return body(mine, theirs, ranks);
		},
		readFailed,
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
				withRanks(call, target, (mine, theirs, ranks) => {
					const moved = neighbourRank(ranks, theirs, direction);
					if (moved === undefined) return refuse("AtLimit", `${label} is already at the ${direction === 1 ? "highest" : "lowest"} rank that can be given.`);
					if (moved >= mine) return refuse("RankTooHigh", `Promoting ${label} would make them rank ${moved}, which is not below your rank (${mine}).`);
					const action = direction === 1 ? call.bridge.promote(target.UserId, options(call)) : call.bridge.demote(target.UserId, options(call));
					return action.then(
						(change) => done(`${direction === 1 ? "Promoted" : "Demoted"} ${label}: rank ${change.oldRank} → ${change.newRank}.`),
						(raised) => failed(`Could not ${name} ${label}: ${toRankError(raised)}`),
					);
				});
		},
	};
	return definition;
}

function options(call: CommandCall) {
	return { actor: call.admin.UserId, reason: auditReason(call) };
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
			withRanks(call, target, (mine, _, ranks) => {
				const giveable = ranks.filter((candidate) => candidate > 0 && candidate < 255 && candidate < mine);
				if (!ranks.includes(rank)) {
					return refuse("BadRank", `The group has no rank ${rank}. Ranks you can give: ${giveable.join(", ")}.`);
				}
				if (rank >= mine) return refuse("RankTooHigh", `You cannot give rank ${rank}: it is not below your rank (${mine}).`);
				return call.bridge.setRank(target.UserId, rank, options(call)).then(
					(change) => done(`Set ${label} to rank ${change.newRank} (was ${change.oldRank}).`),
					(raised) => failed(`Could not set ${label}'s rank: ${toRankError(raised)}`),
				);
			});
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
			call.bridge.getRank(target.UserId).then(
				(rank) => done(rank === 0 ? `${label} is not in the group.` : `${label} is rank ${rank}.`),
				readFailed,
			);
	},
};

export const RANK_COMMANDS: ReadonlyArray<CommandDefinition> = [relative("promote", 1), relative("demote", -1), setRank, showRank];
