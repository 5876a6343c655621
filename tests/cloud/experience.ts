// One Roblox experience's cloud services for tests: a MemoryStore and data stores shared by
// every server (their quotas are the experience's, from its concurrent users), and servers each
// with their own MemoryStoreService and DataStoreService objects (DataStore budgets are each
// server's, from its players). The clock is a Scheduler: the engine's (the harness) or a spec's
// VirtualScheduler (calls then wait for the spec to advance time).
import { RobloxScheduler, type Scheduler } from "../../src/core/scheduler";
import { DataStoreExperience, type DataStoreServiceStandIn } from "./dataStore";
import type { DataStoreLimits, MemoryStoreLimits } from "./limits";
import { MemoryStoreExperience, type MemoryStoreServiceStandIn } from "./memoryStore";

export interface CloudOptions {
	/** The clock calls wait on. Default: the engine's (real time). */
	scheduler?: Scheduler;
	/**
	 * Seconds a call takes there and back. Roblox publishes no figure; 20 ms is a round trip
	 * within a data centre. Default 0.02.
	 */
	latency?: number;
	/** Seeds the variation of each trip around `latency`, so a run can be repeated. Default 1. */
	seed?: number;
	/** Documented limits to change (never to switch off), e.g. a lower partition limit. */
	memoryStore?: Partial<MemoryStoreLimits>;
	dataStore?: Partial<DataStoreLimits>;
}

export interface CloudServerOptions {
	/** Players in this server: a number (change it with setPlayers) or a function read on each call. */
	players?: number | (() => number);
}

/** One game server's view: the engine's two services as that server sees them. */
export class CloudServer {
	readonly MemoryStoreService: MemoryStoreServiceStandIn;
	readonly DataStoreService: DataStoreServiceStandIn;
	private count: number | (() => number);

	constructor(
		private readonly experience: CloudExperience,
		options: CloudServerOptions,
	) {
		this.count = options.players ?? 0;
		this.MemoryStoreService = experience.memory.service();
		this.DataStoreService = experience.data.service(() => this.players());
	}

	players(): number {
		return typeIs(this.count, "number") ? this.count : this.count();
	}

	setPlayers(players: number) {
		this.count = players;
		this.experience.memory.noteUsers();
	}
}

export class CloudExperience {
	readonly scheduler: Scheduler;
	readonly memory: MemoryStoreExperience;
	readonly data: DataStoreExperience;
	private readonly servers = new Array<CloudServer>();
	private users?: number;

	constructor(options: CloudOptions = {}) {
		this.scheduler = options.scheduler ?? new RobloxScheduler();
		const latency = options.latency ?? 0.02;
		const seed = options.seed ?? 1;
		this.memory = new MemoryStoreExperience(this.scheduler, () => this.concurrentUsers(), latency, new Random(seed), options.memoryStore);
		this.data = new DataStoreExperience(this.scheduler, () => this.concurrentUsers(), latency, new Random(seed + 1), options.dataStore);
	}

	/** A new server of this experience. */
	server(options: CloudServerOptions = {}): CloudServer {
		const server = new CloudServer(this, options);
		this.servers.push(server);
		this.memory.noteUsers();
		return server;
	}

	/** Users in the experience now: as set, else the players of all its servers. */
	concurrentUsers(): number {
		if (this.users !== undefined) return this.users;
		let total = 0;
		for (const server of this.servers) total += server.players();
		return total;
	}

	/** Sets the experience's concurrent users (undefined: count the servers' players again). */
	setConcurrentUsers(users: number | undefined) {
		this.users = users;
		this.memory.noteUsers();
	}
}
