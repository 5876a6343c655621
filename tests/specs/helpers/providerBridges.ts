// Bridges on the Hyra Ranking and Open Cloud providers: against the served emulator over real
// HTTP, or against an in-process emulator under virtual time.
import RankBridge from "../../../src";
import { Future } from "../../../src/core/future";
import type { RankBridgeConfig } from "../../../src/config";
import { RobloxHttpTransport, type HttpRequest, type HttpResponse, type HttpTransport } from "../../../src/roblox/http";
import { Emulator, type WorldSeed } from "../../emulator";
import { DEFAULT_MEMBERS } from "./bridges";
import { EmulatorGroups } from "./emulatorGroups";
import { EmulatorTransport } from "./emulatorTransport";
import { CloudExperience } from "../../cloud";
import { cloudStores } from "./cloud";
import { Harness } from "./harness";
import { VirtualScheduler } from "./virtualScheduler";

/** The secret name Open Cloud bridges read their key from. */
export const OPEN_CLOUD_SECRET = "OpenCloudKey";

const LIVE_DEFAULTS: Partial<RankBridgeConfig> = {
	stores: false,
	bindToClose: false,
	timeout: 2,
	settleDelay: 0.2,
	// This GroupService answers fresh, and the real clock would wait the cache out for real;
	// cached reads are specified on the virtual clock (queue/rankReads.spec.ts).
	rankCacheSeconds: 0,
	retry: { baseDelay: 0.05, maxDelay: 0.5 },
};

/** A fresh world on the served emulator and a factory for Hyra bridges that talk to it over HTTP. */
export function hyraWorld(seed: WorldSeed = {}) {
	Harness.resetHttpBudget();
	const world = Harness.emulator.createWorld({ members: DEFAULT_MEMBERS, ...seed });
	const groups = new EmulatorGroups(Harness.emulator);
	const bridge = (config: Partial<RankBridgeConfig> = {}) =>
		new RankBridge({
			...LIVE_DEFAULTS,
			provider: "hyra",
			token: world.hyra.token,
			groupId: world.group.id,
			baseUrl: Harness.emulatorUrl,
			groups,
			transport: new RobloxHttpTransport(),
			...config,
		});
	return { world, groups, bridge, emulator: Harness.emulator };
}

/**
 * A fresh world on the served emulator and a factory for Open Cloud bridges. The key is put in
 * the (fake) secrets store, as the engine only sends a Secret in x-api-key to Open Cloud, and
 * GroupService is turned off: Open Cloud reads ranks itself.
 */
export function openCloudWorld(seed: WorldSeed = {}) {
	Harness.resetHttpBudget();
	const world = Harness.emulator.createWorld({ members: DEFAULT_MEMBERS, ...seed });
	Harness.setSecret(OPEN_CLOUD_SECRET, world.openCloud.key);
	const bridge = (config: Partial<RankBridgeConfig> = {}) =>
		new RankBridge({
			...LIVE_DEFAULTS,
			provider: "opencloud",
			secret: OPEN_CLOUD_SECRET,
			groupId: world.group.id,
			baseUrl: Harness.emulatorUrl,
			groups: false,
			transport: new RobloxHttpTransport(),
			...config,
		});
	return { world, bridge, emulator: Harness.emulator };
}

/**
 * An in-process emulator on a virtual clock, and bridges to it on the given provider: `bridge`
 * for one server on its own, `server` for simulated servers of one experience (budget,
 * handover). The in-process transport sends headers as text, so Open Cloud takes `apiKey`.
 */
export function virtualProviderWorld(provider: "hyra" | "opencloud", seed: WorldSeed = {}) {
	const scheduler = new VirtualScheduler();
	const emulator = new Emulator({ now: () => scheduler.unixTime(), seed: 11 });
	const world = emulator.createWorld({ members: DEFAULT_MEMBERS, ...seed });
	const groups = new EmulatorGroups(emulator, scheduler);
	const transport = new EmulatorTransport(emulator, scheduler);
	const cloud = new CloudExperience({ scheduler });
	let servers = 0;
	const bridge = (config: Partial<RankBridgeConfig> = {}) =>
		new RankBridge({
			provider,
			groupId: world.group.id,
			token: provider === "hyra" ? world.hyra.token : undefined,
			apiKey: provider === "opencloud" ? world.openCloud.key : undefined,
			baseUrl: "http://emulator.test",
			stores: false,
			bindToClose: false,
			groups: provider === "hyra" ? groups : false,
			transport,
			scheduler,
			random: (
				(rng: Random) => () =>
					rng.NextNumber()
			)(new Random(3)),
			serverId: "server-1",
			...config,
		});
	const server = (config: Partial<RankBridgeConfig> = {}) => {
		servers += 1;
		return bridge({
			stores: cloudStores(cloud.server(), `${provider}/default`),
			serverId: `server-${servers}`,
			random: (
				(rng: Random) => () =>
					rng.NextNumber()
			)(new Random(servers)),
			...config,
		});
	};
	return { scheduler, emulator, world, transport, cloud, bridge, server };
}

/** Stands in for HttpService, answering some requests itself and passing the rest on. */
export class ScriptedTransport implements HttpTransport {
	/** Requests seen, in order. */
	readonly seen = new Array<HttpRequest>();

	constructor(
		private readonly answer: (request: HttpRequest) => HttpResponse | undefined,
		private readonly inner: HttpTransport = new RobloxHttpTransport(),
	) {}

	request(request: HttpRequest): Future<HttpResponse> {
		this.seen.push(request);
		const scripted = this.answer(request);
		return scripted ? Future.resolved(scripted) : this.inner.request(request);
	}
}

/** Waits (really) until `done()` holds or `limit` seconds pass; returns whether it held. */
export function waitUntil(done: () => boolean, limit = 5): boolean {
	const deadline = os.clock() + limit;
	while (!done()) {
		if (os.clock() > deadline) return false;
		task.wait(0.02);
	}
	return true;
}
