// Bridges for specs: against the emulator over real HTTP (the served emulator, real time), or
// against an in-process emulator under virtual time (several simulated servers).
import RankBridge from "../../../src";
import type { RankBridgeConfig } from "../../../src/config";
import type { SharedStores } from "../../../src/core/stores";
import { Emulator, type World, type WorldSeed } from "../../emulator";
import { RobloxHttpTransport } from "../../../src/roblox/http";
import { EmulatorGroups } from "./emulatorGroups";
import { EmulatorTransport } from "./emulatorTransport";
import { CloudExperience } from "../../cloud";
import { cloudStores } from "./cloud";
import { Mortality } from "./mortal";
import { SkewedScheduler } from "./skewedScheduler";
import { Harness } from "./harness";
import { currentGroupCache, currentVariant } from "./variants";
import { VirtualScheduler } from "./virtualScheduler";

export const DEFAULT_MEMBERS = [
	{ name: "Recruit1", rank: 1 },
	{ name: "Private1", rank: 10 },
	{ name: "Corporal1", rank: 20 },
	{ name: "Sergeant1", rank: 30 },
	{ name: "Officer1", rank: 100 },
];

/**
 * Spec worlds make every group member a RankGun workspace member unless the seed says otherwise
 * (the emulator itself, like RankGun, keeps the two apart).
 */
function withStaff(seed: WorldSeed): WorldSeed {
	return { members: DEFAULT_MEMBERS, ...seed, rankgun: { staffFromGroup: true, ...seed.rankgun } };
}

/** A fresh world on the served emulator and a bridge factory that talks to it over HTTP. */
export function liveWorld(seed: WorldSeed = {}) {
	Harness.resetHttpBudget();
	const world = Harness.emulator.createWorld(withStaff(seed));
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
			// This GroupService answers fresh, and the real clock would wait the cache out for real;
			// cached reads are specified on the virtual clock (queue/rankReads.spec.ts).
			rankCacheSeconds: 0,
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

/**
 * An in-process emulator on a virtual clock, and simulated servers of one experience whose
 * MemoryStore and DataStore are the stand-ins (tests/cloud), reached through the library's
 * adapters. `players` is each server's player count. `scheduler` is the virtual clock (the
 * benchmark passes one that keeps frames).
 */
export function virtualWorld(
	seed: WorldSeed = {},
	rankgunOptions?: { windowSeconds?: number; requestsPerWindow?: number },
	scheduler: VirtualScheduler = new VirtualScheduler(),
) {
	const emulator = new Emulator({ now: () => scheduler.unixTime(), seed: 7, rankgun: { ...rankgunOptions, behaviours: currentVariant().rankgun } });
	const world = emulator.createWorld(withStaff(seed));
	const cloud = new CloudExperience({ scheduler });
	const groups = new EmulatorGroups(emulator, scheduler);
	let servers = 0;
	/**
	 * A simulated server with `players` in it. Its Unix clock is `clockOffset` seconds off (set
	 * `clock.offset` to make it jump) and its monotonic clock starts at `monotonicStart`; `kill()`
	 * crashes it (no BindToClose). `mortal: false` leaves out what lets it crash (a wrapper around
	 * every timer, request and store call, which a game's server does not have): the benchmark's
	 * servers, which never crash, are measured without it.
	 */
	const server = (
		config: Partial<RankBridgeConfig> = {},
		options: { players?: number; clockOffset?: number; monotonicStart?: number; groupCache?: number; mortal?: boolean } = {},
	) => {
		servers += 1;
		const cache = options.groupCache ?? currentGroupCache();
		const mortal = options.mortal ?? true;
		const mortality = new Mortality();
		const transport = new EmulatorTransport(emulator, scheduler);
		const cloudServer = cloud.server({ players: options.players ?? 0 });
		const skewed = new SkewedScheduler(scheduler, options.clockOffset ?? 0, options.monotonicStart ?? 0);
		const clock = mortal ? mortality.scheduler(skewed) : skewed;
		const own = config.stores;
		const wrapStores = (stores: SharedStores) => (mortal ? mortality.stores(stores) : stores);
		// Each server has a GroupService of its own: a cache is per server.
		const serverGroups = cache > 0 ? new EmulatorGroups(emulator, scheduler, cache) : groups;
		const bridge = new RankBridge({
			apiKey: world.rankgun.key,
			baseUrl: "http://rankgun.emulator",
			bindToClose: false,
			groups: serverGroups,
			transport: mortal ? mortality.transport(transport) : transport,
			scheduler: clock,
			random: (
				(rng: Random) => () =>
					rng.NextNumber()
			)(new Random(servers)),
			serverId: `server-${servers}`,
			...config,
			stores: own === false ? false : wrapStores(own ?? cloudStores(cloudServer)),
		});
		const kill = () => {
			if (!mortal) error("this simulated server was made with mortal: false, so it cannot crash");
			mortality.dead = true;
		};
		return { bridge, transport, cloudServer, clock: skewed, kill, groups: serverGroups };
	};
	return { scheduler, emulator, world, cloud, groups, server };
}
