// Bridges for specs: against the emulator over real HTTP (the served emulator, real time), or
// against an in-process emulator under virtual time (several simulated servers).
import RankBridge from "../../../src";
import type { RankBridgeConfig } from "../../../src/config";
import { Emulator, type World, type WorldSeed } from "../../emulator";
import { RobloxHttpTransport } from "../../../src/roblox/http";
import { EmulatorGroups } from "./emulatorGroups";
import { EmulatorTransport } from "./emulatorTransport";
import { fakeStores } from "./fakeStores";
import { Mortality } from "./mortal";
import { Harness } from "./harness";
import { VirtualScheduler } from "./virtualScheduler";

export const DEFAULT_MEMBERS = [
	{ name: "Recruit1", rank: 1 },
	{ name: "Private1", rank: 10 },
	{ name: "Corporal1", rank: 20 },
	{ name: "Sergeant1", rank: 30 },
	{ name: "Officer1", rank: 100 },
];

/** A fresh world on the served emulator and a bridge factory that talks to it over HTTP. */
export function liveWorld(seed: WorldSeed = {}) {
	Harness.resetHttpBudget();
	const world = Harness.emulator.createWorld({ members: DEFAULT_MEMBERS, ...seed });
	const groups = new EmulatorGroups(Harness.emulator);
	const bridge = (config: Partial<RankBridgeConfig> = {}) =>
		new RankBridge({
			apiKey: world.rankgun.key,
			baseUrl: Harness.emulatorUrl,
			stores: false,
			bindToClose: false,
			groups,
			transport: new RobloxHttpTransport(),
			timeout: 2,
			settleDelay: 0.2,
			retry: { baseDelay: 0.05, maxDelay: 0.5 },
			...config,
		});
	return { world, groups, bridge, emulator: Harness.emulator };
}

/** A member of `world` by name. */
export function member(world: World, name: string) {
	const user = world.members.find((candidate) => candidate.name === name);
	if (!user) error(`no member named ${name}`);
	return user;
}

/** An in-process emulator on a virtual clock, and simulated servers sharing fake MemoryStore. */
export function virtualWorld(seed: WorldSeed = {}, rankgunOptions?: { windowSeconds?: number; requestsPerWindow?: number }) {
	const scheduler = new VirtualScheduler();
	const emulator = new Emulator({ now: () => scheduler.unixTime(), seed: 7, rankgun: rankgunOptions });
	const world = emulator.createWorld({ members: DEFAULT_MEMBERS, ...seed });
	const stores = fakeStores(scheduler);
	const groups = new EmulatorGroups(emulator);
	let servers = 0;
	/** A simulated server; `clockOffset` skews its Unix clock; `kill()` crashes it (no BindToClose). */
	const server = (config: Partial<RankBridgeConfig> = {}, clockOffset = 0) => {
		servers += 1;
		const mortality = new Mortality();
		const transport = new EmulatorTransport(emulator, scheduler);
		const clock = mortality.scheduler({
			now() {
				return scheduler.now();
			},
			unixTime() {
				return scheduler.unixTime() + clockOffset;
			},
			delay(seconds, callback) {
				return scheduler.delay(seconds, callback);
			},
		});
		const own = config.stores;
		const bridge = new RankBridge({
			apiKey: world.rankgun.key,
			baseUrl: "http://rankgun.emulator",
			bindToClose: false,
			groups,
			transport: mortality.transport(transport),
			scheduler: clock,
			random: ((rng: Random) => () => rng.NextNumber())(new Random(servers)),
			serverId: `server-${servers}`,
			...config,
			stores: own === false ? false : mortality.stores(own ?? stores),
		});
		return { bridge, transport, kill: () => (mortality.dead = true) };
	};
	return { scheduler, emulator, world, stores, groups, server };
}
