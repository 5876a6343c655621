// The chaos scenario (issue 4): several simulated servers of one game share a RankGun workspace
// and the game's MemoryStore (the stand-in, with its limits), under virtual time. Each member is
// a player in one server (a player is in one server at a time) and gets a run of
// promote/demote/setRank intents. The services fail a share
// of requests, time out after applying a share, throttle in a burst, and one server shuts down
// mid-run. Afterwards: was every action applied exactly once, and is every final rank right?
// The benchmark runs it (tests/bench), and the game-wide chaos spec borrows its intents.
import type { ActionReport } from "../../../src/core/action";
import type { DataStoreFigures, MemoryStoreFigures } from "../../cloud";
import { DEFAULT_LADDER } from "../../emulator";
import { virtualWorld } from "./bridges";
import type { EmulatorGroups } from "./emulatorGroups";

export interface ChaosOptions {
	seed: number;
	servers: number;
	actions: number;
	members: number;
	serverErrors: number;
	appliedTimeouts: number;
	/** Virtual second at which the 429 burst starts, and how many requests it throttles. */
	burstAt: number;
	burstSize: number;
	/** Virtual second at which one server shuts down. */
	shutdownAt: number;
	/** Give up after this many virtual seconds. */
	limit: number;
}

export const CHAOS_DEFAULTS: ChaosOptions = {
	seed: 1,
	servers: 4,
	actions: 1000,
	members: 40,
	serverErrors: 0.05,
	appliedTimeouts: 0.02,
	burstAt: 90,
	burstSize: 5,
	shutdownAt: 240,
	limit: 7200,
};

export interface ChaosResult {
	seed: number;
	/** Actions that never finished. */
	lost: number;
	/** Actions applied more than once (rank changes beyond one per action). */
	duplicated: number;
	/** Actions that finished with an error. */
	failed: number;
	/** Members whose final rank is not what their intents add up to. */
	wrongRanks: number;
	/** HTTP requests sent, and how many were answered 429. */
	requests: number;
	throttled: number;
	/** Virtual seconds from the first request to the last action finishing. */
	seconds: number;
	/** Actions handed over at shutdown. */
	handedOver: number;
	/** `cpu()` seconds and wall seconds from the first action submitted to the last one finished. */
	cpuSeconds: number;
	wallSeconds: number;
	/** Wall seconds of that spent inside the stand-ins for network services (the emulator: its HTTP side and GroupService reads). */
	standIns: { emulator: number; memoryStore: number; dataStore: number };
	/** Virtual seconds at which the service applied each rank change. */
	applied: Array<number>;
	/** Each request's arrival at the service (virtual seconds) and the status it was answered with. */
	arrivals: Array<{ at: number; status: number }>;
	/** What the game's MemoryStore and DataStore did. */
	memory: MemoryStoreFigures;
	data: DataStoreFigures;
	/** MemoryStore calls made, and the most bytes it held. */
	memoryStoreCalls: number;
	memoryStorePeakBytes: number;
	/** A few lines on what went wrong, for a failing spec's message. */
	problems: Array<string>;
}

export type Intent = { kind: "promote" } | { kind: "demote" } | { kind: "setRank"; rank: number };

/** Ranks the ranking account can assign on the default ladder (above Guest, below itself). */
export const ASSIGNABLE = DEFAULT_LADDER.filter((role) => role.rank > 0 && role.rank < 254).map((role) => role.rank);

export function step(rank: number, intent: Intent): number {
	if (intent.kind === "setRank") return intent.rank;
	const index = ASSIGNABLE.indexOf(rank);
	return ASSIGNABLE[index + (intent.kind === "promote" ? 1 : -1)];
}

/** A run of intents that never walks off either end of the ladder. */
export function intents(random: Random, start: number, count: number): Array<Intent> {
	const list = new Array<Intent>();
	let rank = start;
	for (let i = 0; i < count; i++) {
		const index = ASSIGNABLE.indexOf(rank);
		const roll = random.NextNumber();
		let intent: Intent;
		if (roll < 0.4 && index < ASSIGNABLE.size() - 1) intent = { kind: "promote" };
		else if (roll < 0.8 && index > 0) intent = { kind: "demote" };
		else intent = { kind: "setRank", rank: ASSIGNABLE[random.NextInteger(0, ASSIGNABLE.size() - 1)] };
		rank = step(rank, intent);
		list.push(intent);
	}
	return list;
}

/** Members spread over the middle of the ladder, so every run has room to move both ways. */
export function chaosMembers(count: number): Array<{ name: string; rank: number }> {
	const members = new Array<{ name: string; rank: number }>();
	for (let i = 0; i < count; i++) members.push({ name: `Member${i + 1}`, rank: ASSIGNABLE[1 + (i % (ASSIGNABLE.size() - 2))] });
	return members;
}

/**
 * Runs the scenario. `cpu` is the clock the run's cost is read from (the benchmark passes the
 * process's CPU time); without a burst (burstSize 0) or shutdown (shutdownAt infinite) there is none.
 */
export function runChaos(overrides: Partial<ChaosOptions> = {}, cpu: () => number = os.clock): ChaosResult {
	const options = { ...CHAOS_DEFAULTS, ...overrides };
	const random = new Random(options.seed);
	const { scheduler, emulator, world, cloud, server } = virtualWorld({ members: chaosMembers(options.members), rankgun: { tier: "elite" } });
	const unixStart = scheduler.unixTime() - scheduler.now();
	cloud.memory.countsKeys = true;
	cloud.memory.timesKeys = "%-budget$";

	const servers = new Array<ReturnType<typeof server>>();
	for (let i = 0; i < options.servers; i++) {
		const players = math.floor(options.members / options.servers) + (i < options.members % options.servers ? 1 : 0);
		// No server here crashes: none carries the wrapper that would let it (the benchmark measures these).
		const built = server({ timeout: 10, settleDelay: 5 }, { players, mortal: false });
		built.transport.chaos = { serverErrors: options.serverErrors, appliedTimeouts: options.appliedTimeouts, random: () => random.NextNumber() };
		servers.push(built);
	}
	const finished = new Map<string, ActionReport>();
	const finishedAt = new Array<number>();
	const record = (report: ActionReport) => {
		if (!finished.has(report.id)) finishedAt.push(scheduler.now());
		if (!report.alreadyDone || !finished.has(report.id)) finished.set(report.id, report);
	};
	for (const { bridge } of servers) {
		bridge.actionCompleted.Connect(record);
		bridge.actionFailed.Connect(record);
	}

	// Intents per member, spread over the servers, drawn before the run so its cost is the library's.
	const expected = new Map<number, number>();
	const perMember = new Map<number, number>();
	const submissions = new Array<{ bridge: (typeof servers)[number]["bridge"]; userId: number; intent: Intent }>();
	const base = math.floor(options.actions / options.members);
	world.members.forEach((user, index) => {
		const count = base + (index < options.actions % options.members ? 1 : 0);
		const list = intents(random, world.group.rankOf(user.id), count);
		let rank = world.group.rankOf(user.id);
		const { bridge } = servers[index % options.servers];
		for (const intent of list) {
			rank = step(rank, intent);
			submissions.push({ bridge, userId: user.id, intent });
		}
		expected.set(user.id, rank);
		perMember.set(user.id, count);
	});

	const cpuStarted = cpu();
	const wallStarted = os.clock();
	// All submitted at the start, member by member.
	for (const { bridge, userId, intent } of submissions) {
		const submitted =
			intent.kind === "promote"
				? bridge.promote(userId)
				: intent.kind === "demote"
					? bridge.demote(userId)
					: bridge.setRank(userId, intent.rank);
		submitted.catch(() => undefined);
	}
	if (options.burstSize > 0) {
		scheduler.delay(options.burstAt, () => emulator.fault({ kind: "rateLimited", count: options.burstSize, retryAfter: 2, service: "rankgun" }));
	}
	let handedOver = 0;
	const leaving = servers[options.servers - 1].bridge;
	if (options.shutdownAt < math.huge) {
		scheduler.delay(options.shutdownAt, () => {
			leaving.shutdown().then((count) => (handedOver = count));
		});
	}

	scheduler.runUntil(() => finished.size() >= options.actions, options.limit, 0.5);
	const cpuSeconds = cpu() - cpuStarted;
	const wallSeconds = os.clock() - wallStarted;

	const problems = new Array<string>();
	let duplicated = 0;
	let wrongRanks = 0;
	const appliedTimes = new Map<number, number>();
	const applied = new Array<number>();
	for (const entry of world.rankgun.rankLog) {
		appliedTimes.set(entry.userId, (appliedTimes.get(entry.userId) ?? 0) + 1);
		applied.push(entry.at - unixStart);
	}
	for (const [userId, count] of perMember) {
		const times = appliedTimes.get(userId) ?? 0;
		if (times > count) {
			duplicated += times - count;
			problems.push(`member ${userId}: ${count} actions, ${times} rank changes`);
		}
		const rank = world.group.rankOf(userId);
		if (rank !== expected.get(userId)) {
			wrongRanks += 1;
			problems.push(`member ${userId}: rank ${rank}, expected ${expected.get(userId)}`);
		}
	}
	let failed = 0;
	for (const [, report] of finished) {
		if (report.error) {
			failed += 1;
			if (problems.size() < 10)
				problems.push(`action ${report.id} (${report.kind} ${report.userId}) failed: ${report.error.kind} ${report.error.message}`);
		}
	}
	let requests = 0;
	let throttled = 0;
	let emulatorSeconds = 0;
	const arrivals = new Array<{ at: number; status: number }>();
	// The emulator's time: its HTTP side, and GroupService's reads (servers may share one).
	const groupServices = new Set<EmulatorGroups>();
	for (const { transport, groups } of servers) {
		requests += transport.requests;
		throttled += transport.statuses.get(429) ?? 0;
		emulatorSeconds += transport.emulatorSeconds;
		groupServices.add(groups);
		for (const arrival of transport.arrivals) arrivals.push({ at: arrival.at - unixStart, status: arrival.status });
	}
	for (const groups of groupServices) emulatorSeconds += groups.seconds;
	arrivals.sort((a, b) => a.at < b.at);
	const last = finishedAt.size() > 0 ? finishedAt[finishedAt.size() - 1] : 0;
	const memory = cloud.memory.figures();
	const data = cloud.data.figures();
	return {
		seed: options.seed,
		lost: options.actions - finished.size(),
		duplicated,
		failed,
		wrongRanks,
		requests,
		throttled,
		seconds: last,
		handedOver,
		cpuSeconds,
		wallSeconds,
		standIns: { emulator: emulatorSeconds, memoryStore: memory.seconds, dataStore: data.seconds },
		applied,
		arrivals,
		memory,
		data,
		memoryStoreCalls: memory.calls,
		memoryStorePeakBytes: memory.peakBytes,
		problems,
	};
}
