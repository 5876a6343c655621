// The baseline: what most published ranking modules do. Each server loops over its rank
// actions and calls RequestAsync once per action, as fast as answers come, with no pacing, no
// retry and no handover: a failure is warned about and dropped; a server that shuts down drops
// what it had not sent. Run through the same scenario as RankBridge (servers, faults, emulator).
import { HttpService } from "@rbxts/services";
import { chaosMembers, CHAOS_DEFAULTS, ChaosOptions, intents, step } from "../specs/helpers/chaos";
import { virtualWorld } from "../specs/helpers/bridges";
import { EmulatorTransport } from "../specs/helpers/emulatorTransport";

export interface NaiveResult {
	lost: number;
	duplicated: number;
	wrongRanks: number;
	requests: number;
	throttled: number;
	/** Actions applied, and virtual seconds until the last action was sent or dropped. */
	applied: number;
	seconds: number;
	/** `cpu()` and wall seconds from the first send to the last answer, and the emulator's wall seconds in it. */
	cpuSeconds: number;
	wallSeconds: number;
	emulatorSeconds: number;
}

export function runNaive(overrides: Partial<ChaosOptions> = {}, cpu: () => number = os.clock): NaiveResult {
	const options = { ...CHAOS_DEFAULTS, ...overrides };
	const random = new Random(options.seed);
	const { scheduler, emulator, world } = virtualWorld({ members: chaosMembers(options.members), rankgun: { tier: "elite" } });
	const transports = new Array<EmulatorTransport>();
	const work = new Array<Array<{ userId: number; path: string; body: object }>>();
	for (let i = 0; i < options.servers; i++) {
		const transport = new EmulatorTransport(emulator, scheduler);
		transport.chaos = { serverErrors: options.serverErrors, appliedTimeouts: options.appliedTimeouts, random: () => random.NextNumber() };
		transports.push(transport);
		work.push([]);
	}
	const expected = new Map<number, number>();
	const perMember = new Map<number, number>();
	const base = math.floor(options.actions / options.members);
	world.members.forEach((user, index) => {
		const count = base + (index < options.actions % options.members ? 1 : 0);
		let rank = world.group.rankOf(user.id);
		for (const intent of intents(random, rank, count)) {
			rank = step(rank, intent);
			work[index % options.servers].push(
				intent.kind === "setRank"
					? { userId: user.id, path: "/api/roblox/setrank", body: { userId: user.id, rankId: intent.rank } }
					: { userId: user.id, path: `/api/roblox/${intent.kind}`, body: { userId: user.id } },
			);
		}
		expected.set(user.id, rank);
		perMember.set(user.id, count);
	});

	let succeeded = 0;
	let done = 0;
	const finishedAt = new Array<number>();
	let stopped = false;
	if (options.burstSize > 0) {
		scheduler.delay(options.burstAt, () => emulator.fault({ kind: "rateLimited", count: options.burstSize, retryAfter: 2, service: "rankgun" }));
	}
	if (options.shutdownAt < math.huge) scheduler.delay(options.shutdownAt, () => (stopped = true));
	const cpuStarted = cpu();
	const wallStarted = os.clock();
	work.forEach((actions, index) => {
		const transport = transports[index];
		const leaving = index === options.servers - 1;
		const sendFrom = (position: number): void => {
			if (position >= actions.size() || (leaving && stopped)) {
				done += actions.size() - position;
				return;
			}
			const action = actions[position];
			transport
				.request({
					url: `http://rankgun.emulator${action.path}`,
					method: "POST",
					headers: { "x-api-key": world.rankgun.key, "content-type": "application/json" },
					body: HttpService.JSONEncode(action.body),
					timeout: 10,
				})
				.andThen(
					(response) => {
						if (response.status === 200) succeeded += 1;
					},
					() => undefined,
				)
				.finally(() => {
					finishedAt.push(scheduler.now());
					done += 1;
					sendFrom(position + 1);
				});
		};
		sendFrom(0);
	});
	scheduler.runUntil(() => done >= options.actions, options.limit, 0.5);
	const cpuSeconds = cpu() - cpuStarted;
	const wallSeconds = os.clock() - wallStarted;

	let duplicated = 0;
	let wrongRanks = 0;
	const applied = new Map<number, number>();
	for (const entry of world.rankgun.rankLog) applied.set(entry.userId, (applied.get(entry.userId) ?? 0) + 1);
	for (const [userId, count] of perMember) {
		duplicated += math.max(0, (applied.get(userId) ?? 0) - count);
		if (world.group.rankOf(userId) !== expected.get(userId)) wrongRanks += 1;
	}
	let requests = 0;
	let throttled = 0;
	let emulatorSeconds = 0;
	for (const transport of transports) {
		requests += transport.requests;
		throttled += transport.statuses.get(429) ?? 0;
		emulatorSeconds += transport.emulatorSeconds;
	}
	return {
		lost: options.actions - succeeded,
		duplicated,
		wrongRanks,
		requests,
		throttled,
		applied: succeeded,
		seconds: finishedAt.size() > 0 ? finishedAt[finishedAt.size() - 1] : 0,
		cpuSeconds,
		wallSeconds,
		emulatorSeconds,
	};
}
