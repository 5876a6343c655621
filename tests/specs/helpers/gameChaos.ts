// The game-wide chaos scenario: many servers of one game share a RankGun workspace, one
// MemoryStore and one DataStore, under virtual time, and everything that goes wrong in a live
// game goes wrong at once. Actions for any member come from any server (admins on several
// servers promote and demote the same people); some ids are submitted on several servers at
// once; servers crash without BindToClose; MemoryStore has outages and throttles; server clocks
// disagree; officers change ranks on the dashboard; the service fails, times out after applying,
// and throttles; and, when asked, store writes land while their callers get an error.
//
// Afterwards the service's own log is the judge:
// - no action (each carries its number in `reason`) is applied more than once;
// - every accepted action is reported completed or failed somewhere in the game (an action
//   accepted on a server in the last moments before it crashed may be lost: the documented
//   window before it is journaled);
// - each member's rank changes, in the order the service applied them, chain from one to the next
//   (no change nobody asked for), each does exactly what its action asked from the rank it found,
//   and the member ends at the rank the last change (or officer) left.
import { HttpService } from "@rbxts/services";
import type { ActionReport } from "../../../src/core/action";
import { virtualWorld } from "./bridges";
import { mapName } from "./cloud";
import { ASSIGNABLE, chaosMembers, step, type Intent } from "./chaos";

export interface GameChaosOptions {
	seed: number;
	servers: number;
	actions: number;
	members: number;
	/** Actions are submitted over this many seconds, at random times. */
	submitOver: number;
	/** Servers that crash (no BindToClose), at random times while actions are being submitted. */
	kills: number;
	/** Each server's clock is off by up to this many seconds, either way. */
	skew: number;
	/** Share of actions submitted, with the same id, on two or three servers within a few seconds. */
	copies: number;
	/** Ranks set on the dashboard (outside RankBridge) during the run. */
	outsideChanges: number;
	/** MemoryStore outages of `outageSeconds` each, spells of throttling of `throttleSeconds`, and UpdateAsync transforms run again. */
	storeOutages: number;
	outageSeconds: number;
	storeThrottles: number;
	throttleSeconds: number;
	storeReruns: number;
	/** Share of MemoryStore and DataStore writes that are stored but whose answer is lost (the caller gets an error). */
	lostStoreAnswers: number;
	/** Players in each server (the experience's memory and request-unit quotas grow with them). */
	playersPerServer: number;
	serverErrors: number;
	appliedTimeouts: number;
	/** Give up after this many virtual seconds. */
	limit: number;
	/** Seconds each server's GroupService answers a member's rank from its cache (0: always fresh). */
	groupCache: number;
}

export const GAME_CHAOS_DEFAULTS: GameChaosOptions = {
	seed: 1,
	servers: 8,
	actions: 5000,
	members: 120,
	submitOver: 1200,
	kills: 2,
	skew: 10,
	copies: 0.05,
	outsideChanges: 20,
	storeOutages: 2,
	outageSeconds: 30,
	storeThrottles: 10,
	throttleSeconds: 3,
	storeReruns: 200,
	lostStoreAnswers: 0,
	playersPerServer: 10,
	serverErrors: 0.05,
	appliedTimeouts: 0.02,
	limit: 6 * 3600,
	groupCache: 0,
};

/** Seconds before a crash in which accepted actions may not be journaled yet (two-second flushes, plus the write). */
const DURABILITY_WINDOW = 3;

export interface GameChaosResult {
	seed: number;
	/** Actions accepted (copies of one id count once). */
	accepted: number;
	completed: number;
	/** Failures by kind. */
	failures: Map<string, number>;
	/** Accepted actions never reported anywhere, beyond those inside the durability window of a crash. */
	lost: number;
	/** Accepted in the durability window before a crash and never reported. */
	lostInWindow: number;
	/** Actions the service applied more than once. */
	duplicated: number;
	/** Rank changes that do not follow from the one before, or do not do what their action asked. */
	wrongChanges: number;
	/** Members not at the rank their last change left them. */
	wrongRanks: number;
	/** Officers' changes overwritten by a promote or demote sent as an absolute rank after a lost answer. */
	overwritten: number;
	/** Changes applied again because an officer put the member back where it started before the lost answer was settled. */
	revertedByOfficer: number;
	requests: number;
	throttled: number;
	/** Store writes that landed while their callers got an error. */
	answersLost: number;
	seconds: number;
	problems: Array<string>;
}

interface Planned {
	number: number;
	userId: number;
	intent: Intent;
	id?: string;
	servers: Array<number>;
	at: number;
}

export function runGameChaos(overrides: Partial<GameChaosOptions> = {}): GameChaosResult {
	const options = { ...GAME_CHAOS_DEFAULTS, ...overrides };
	const random = new Random(options.seed);
	const { scheduler, world, cloud, server } = virtualWorld({ members: chaosMembers(options.members), rankgun: { tier: "elite" } });
	world.rankgun.setRanksThisMonth(0);

	// MemoryStore trouble, played by the stand-in itself: outages, spells of throttling, and
	// transforms run again as when servers contend.
	for (let i = 0; i < options.storeOutages; i++) {
		scheduler.delay(random.NextNumber() * options.submitOver, () => cloud.memory.faults.outage(options.outageSeconds));
	}
	for (let i = 0; i < options.storeThrottles; i++) {
		scheduler.delay(random.NextNumber() * options.submitOver, () => cloud.memory.faults.throttle(options.throttleSeconds));
	}
	for (let i = 0; i < options.storeReruns; i++) {
		scheduler.delay(random.NextNumber() * options.submitOver, () => cloud.memory.faults.rerunNext(1));
	}

	// Writes that land while their callers get an error (drawn apart, so the rest of a seed's run
	// is the same with and without them).
	if (options.lostStoreAnswers > 0) {
		const losing = new Random(options.seed + 1);
		const lose = () => losing.NextNumber() < options.lostStoreAnswers;
		cloud.memory.faults.loseAnswerWhen = lose;
		cloud.data.faults.loseAnswerWhen = lose;
	}

	const servers = new Array<ReturnType<typeof server>>();
	const alive = new Array<boolean>();
	for (let i = 0; i < options.servers; i++) {
		const clockOffset = (random.NextNumber() * 2 - 1) * options.skew;
		const built = server({ timeout: 10, settleDelay: 5 }, { players: options.playersPerServer, clockOffset, groupCache: options.groupCache });
		built.transport.chaos = { serverErrors: options.serverErrors, appliedTimeouts: options.appliedTimeouts, random: () => random.NextNumber() };
		servers.push(built);
		alive.push(true);
	}

	const reports = new Map<string, ActionReport>();
	const byNumber = new Map<number, Planned>();
	const record = (report: ActionReport) => {
		const number = tonumber((report.reason ?? "").match("^chaos (%d+)$")[0]);
		if (number === undefined) return;
		const key = tostring(number);
		if (!reports.has(key) || !report.alreadyDone) reports.set(key, report);
	};
	for (const { bridge } of servers) {
		bridge.actionCompleted.Connect(record);
		bridge.actionFailed.Connect(record);
	}

	// Plan: each action for a random member, from a random server, at a random time; the intent
	// follows the member's rank as planned so far, so most of them can succeed.
	const planned = new Array<Planned>();
	const plannedRank = new Map<number, number>();
	for (const user of world.members) plannedRank.set(user.id, world.group.rankOf(user.id));
	for (let number = 1; number <= options.actions; number++) {
		const user = world.members[random.NextInteger(0, world.members.size() - 1)];
		const rank = plannedRank.get(user.id)!;
		const index = ASSIGNABLE.indexOf(rank);
		const roll = random.NextNumber();
		let intent: Intent;
		if (index === -1) intent = { kind: "setRank", rank: ASSIGNABLE[random.NextInteger(0, ASSIGNABLE.size() - 1)] };
		else if (roll < 0.4 && index < ASSIGNABLE.size() - 1) intent = { kind: "promote" };
		else if (roll < 0.8 && index > 0) intent = { kind: "demote" };
		else intent = { kind: "setRank", rank: ASSIGNABLE[random.NextInteger(0, ASSIGNABLE.size() - 1)] };
		plannedRank.set(user.id, step(rank, intent));
		const copied = random.NextNumber() < options.copies;
		const first = random.NextInteger(0, options.servers - 1);
		const on = [first];
		if (copied) for (let c = random.NextInteger(1, 2); c > 0; c--) on.push(random.NextInteger(0, options.servers - 1));
		const entry: Planned = {
			number,
			userId: user.id,
			intent,
			id: copied ? `copy-${number}` : undefined,
			servers: on,
			at: random.NextNumber() * options.submitOver,
		};
		planned.push(entry);
		byNumber.set(number, entry);
	}

	const submittedOn = new Map<number, Array<{ server: number; at: number }>>();
	for (const entry of planned) {
		entry.servers.forEach((index, copy) => {
			scheduler.delay(entry.at + copy * random.NextNumber() * 3, () => {
				if (!alive[index]) return;
				const list = submittedOn.get(entry.number) ?? [];
				list.push({ server: index, at: scheduler.now() });
				submittedOn.set(entry.number, list);
				const { bridge } = servers[index];
				const options = { reason: `chaos ${entry.number}`, id: entry.id };
				const intent = entry.intent;
				const submitted =
					intent.kind === "promote"
						? bridge.promote(entry.userId, options)
						: intent.kind === "demote"
							? bridge.demote(entry.userId, options)
							: bridge.setRank(entry.userId, intent.rank, options);
				submitted.catch(() => undefined);
			});
		});
	}

	const killedAt = new Map<number, number>();
	for (let k = 0; k < math.min(options.kills, options.servers - 1); k++) {
		const index = k;
		scheduler.delay(options.submitOver * (0.2 + 0.7 * random.NextNumber()), () => {
			alive[index] = false;
			killedAt.set(index, scheduler.now());
			servers[index].kill();
		});
	}

	// Officers on the dashboard: a marker records where in the service's log each change fell.
	const outside = new Array<{ userId: number; rank: number; position: number }>();
	for (let i = 0; i < options.outsideChanges; i++) {
		scheduler.delay(random.NextNumber() * options.submitOver, () => {
			const user = world.members[random.NextInteger(0, world.members.size() - 1)];
			const rank = ASSIGNABLE[random.NextInteger(0, ASSIGNABLE.size() - 1)];
			world.group.setOnlyRole(user.id, world.group.roleByRank(rank)!, scheduler.unixTime());
			outside.push({ userId: user.id, rank, position: world.rankgun.rankLog.size() });
		});
	}

	const initial = new Map<number, number>();
	for (const user of world.members) initial.set(user.id, world.group.rankOf(user.id));

	const lossAllowance = (): number => {
		let count = 0;
		for (const [number, list] of submittedOn) if (!reports.has(tostring(number)) && list.every((item) => inWindow(item))) count += 1;
		return count;
	};
	const inWindow = (item: { server: number; at: number }): boolean => {
		const killed = killedAt.get(item.server);
		return killed !== undefined && item.at > killed - DURABILITY_WINDOW;
	};

	const expectedReports = () => {
		let count = 0;
		for (const [number] of submittedOn) if (reports.has(tostring(number))) count += 1;
		return count;
	};
	scheduler.runUntil(() => scheduler.now() > options.submitOver && expectedReports() >= submittedOn.size() - lossAllowance(), options.limit, 1);
	// Let everything still in motion settle before judging.
	scheduler.runUntil(() => false, 120, 1);

	const problems = new Array<string>();
	const note = (text: string) => problems.size() < 12 && problems.push(text);
	let lost = 0;
	let lostInWindow = 0;
	let completed = 0;
	const failures = new Map<string, number>();
	for (const [number, list] of submittedOn) {
		const report = reports.get(tostring(number));
		if (!report) {
			if (list.every((item) => inWindow(item))) lostInWindow += 1;
			else {
				lost += 1;
				note(
					`action ${number} (${byNumber.get(number)!.intent.kind} for ${byNumber.get(number)!.userId}, on servers ${list.map((item) => item.server).join(",")}) never reported`,
				);
			}
			continue;
		}
		if (report.error) failures.set(report.error.kind, (failures.get(report.error.kind) ?? 0) + 1);
		else completed += 1;
	}

	let duplicated = 0;
	let wrongChanges = 0;
	let overwritten = 0;
	let wrongRanks = 0;
	const appliedTimes = new Map<string, number>();
	const firstApplied = new Map<string, { position: number; oldRank: number; newRank: number }>();
	let revertedByOfficer = 0;
	const running = new Map<number, number>();
	for (const [userId, rank] of initial) running.set(userId, rank);
	/** A member's rank just before an officer changed it, until the member's next logged change. */
	const beforeOfficer = new Map<number, number>();
	let marker = 0;
	world.rankgun.rankLog.forEach((entry, position) => {
		while (marker < outside.size() && outside[marker].position <= position) {
			const change = outside[marker];
			if (!beforeOfficer.has(change.userId)) beforeOfficer.set(change.userId, running.get(change.userId)!);
			running.set(change.userId, change.rank);
			marker += 1;
		}
		const number = tonumber((entry.reason ?? "").match("^chaos (%d+)$")[0]);
		if (number === undefined) return;
		const key = tostring(number);
		appliedTimes.set(key, (appliedTimes.get(key) ?? 0) + 1);
		const first = firstApplied.get(key);
		if (!first) firstApplied.set(key, { position, oldRank: entry.oldRank, newRank: entry.newRank });
		// Applied, its answer lost, then an officer put the member back exactly where it started
		// before the settle's read: that read cannot tell this from a request that never landed, and
		// the change is sent again over the officer's (the README's third race). Only that case is
		// let through: the same change again, from the same rank, with such an officer's change
		// between the two.
		const officerRevert =
			first !== undefined &&
			entry.oldRank === first.oldRank &&
			entry.newRank === first.newRank &&
			outside.some(
				(change) =>
					change.userId === entry.userId &&
					change.position > first.position &&
					change.position <= position &&
					change.rank === first.oldRank,
			);
		if (officerRevert) revertedByOfficer += 1;
		if (appliedTimes.get(key) === 2 && !officerRevert) {
			duplicated += 1;
			const entries = new Array<string>();
			world.rankgun.rankLog.forEach((other, index) => {
				if (other.reason === entry.reason) entries.push(`#${index}@${other.at}:${other.kind}:${other.oldRank}>${other.newRank}`);
			});
			const planned = byNumber.get(number)!;
			note(
				`action ${number} (${planned.intent.kind} for ${planned.userId}, id ${planned.id}, on ${(submittedOn.get(number) ?? []).map((item) => `${item.server}@${item.at}`).join(",")}) applied more than once: ${entries.join(" ")}; killed ${[...killedAt].map(([index, at]) => `${index}@${at}`).join(",")}`,
			);
		}
		const action = byNumber.get(number)!;
		const before = running.get(entry.userId);
		if (entry.oldRank !== before) {
			wrongChanges += 1;
			note(`member ${entry.userId}: action ${number} found rank ${entry.oldRank}, the last change left ${before}`);
		}
		const wanted = action.intent.kind === "setRank" ? action.intent.rank : step(entry.oldRank, action.intent);
		// A promote or demote whose answer was lost is checked and then sent as "set to the next
		// rank" from where it was: an officer's change that landed in between is overwritten (the
		// documented price of never sending a relative change twice).
		const officerRace =
			action.intent.kind !== "setRank" &&
			entry.kind === "setrank" &&
			beforeOfficer.has(entry.userId) &&
			entry.newRank === step(beforeOfficer.get(entry.userId)!, action.intent);
		if (officerRace) overwritten += 1;
		beforeOfficer.delete(entry.userId);
		if (entry.newRank !== wanted && !officerRace) {
			wrongChanges += 1;
			const history = new Array<string>();
			world.rankgun.rankLog.forEach((other, index) => {
				if (other.userId === entry.userId && index < position && index >= position - 200)
					history.push(`#${index}@${other.at}:${other.reason}:${other.kind}:${other.oldRank}>${other.newRank}`);
			});
			for (const change of outside) if (change.userId === entry.userId) history.push(`officer@pos${change.position}:${change.rank}`);
			note(
				`member ${entry.userId}: action ${number} (${action.intent.kind}) went ${entry.oldRank} -> ${entry.newRank}, not ${wanted} at #${position}@${entry.at} [${history.join(" ")}]`,
			);
		}
		running.set(entry.userId, entry.newRank);
	});
	while (marker < outside.size()) {
		running.set(outside[marker].userId, outside[marker].rank);
		marker += 1;
	}
	for (const user of world.members) {
		if (world.group.rankOf(user.id) !== running.get(user.id)) {
			wrongRanks += 1;
			note(`member ${user.id}: rank ${world.group.rankOf(user.id)}, the last change left ${running.get(user.id)}`);
		}
	}

	// For a failure's message: the lanes of members whose actions were never reported.
	if (lost > 0) {
		const stuck = new Set<number>();
		for (const [number] of submittedOn) if (!reports.has(tostring(number))) stuck.add(byNumber.get(number)!.userId);
		let shown = 0;
		for (const userId of stuck) {
			if (++shown > 3) break;
			const item = cloud.memory.peek(mapName(), `l/user:${userId}`);
			problems.unshift(`lane of ${userId}: ${item === undefined ? "none" : HttpService.JSONEncode(item)}`);
		}
	}
	let requests = 0;
	let throttled = 0;
	for (const { transport } of servers) {
		requests += transport.requests;
		throttled += transport.statuses.get(429) ?? 0;
	}
	return {
		seed: options.seed,
		accepted: submittedOn.size(),
		completed,
		failures,
		lost,
		lostInWindow,
		duplicated,
		wrongChanges,
		wrongRanks,
		overwritten,
		revertedByOfficer,
		requests,
		throttled,
		answersLost: cloud.memory.faults.answersLost + cloud.data.faults.answersLost,
		seconds: scheduler.now(),
		problems,
	};
}
