// The service emulator: one object that answers as RankGun, Hyra Ranking and Roblox Open Cloud
// (groups v2) document (sources in each service's folder), with state a test can seed and inspect and
// faults it can switch on. The harness serves it over HTTP on 127.0.0.1; specs that need
// virtual time can also call `handle` in-process with their own clock.
import { EmulatorContext, Service } from "./context";
import { ErrorStyle, errorEnvelope, FaultSpec, Faults, faultResponse } from "./faults";
import { EmulatorRequest, EmulatorResponse, jsonResponse, readJsonObject, Router } from "./http";
import { EMPTY_OBJECT } from "./json";
import { IdSource } from "./ids";
import { Group, RobloxUser, RobloxWorld } from "./roblox";
import { HyraService, HyraToken, HyraTokenSeed } from "./hyra";
import { OpenCloudKey, OpenCloudKeySeed, OpenCloudService } from "./opencloud";
import { RankGunBehaviours, RankGunOptions, RankGunService, RankGunWorkspace, RankGunWorkspaceSeed } from "./rankgun";

export { EmulatorRequest, EmulatorResponse } from "./http";
export { FaultSpec } from "./faults";
export { NULL, EMPTY_OBJECT } from "./json";

export interface EmulatorOptions {
	/** Unix seconds now. Default: the real clock. */
	now?: () => number;
	/** Seed for generated ids and tokens. */
	seed?: number;
	rankgun?: RankGunOptions;
}

/** The default rank ladder of a seeded group (Roblox ranks 0-255). */
export const DEFAULT_LADDER: ReadonlyArray<{ name: string; rank: number }> = [
	{ name: "Guest", rank: 0 },
	{ name: "Recruit", rank: 1 },
	{ name: "Private", rank: 10 },
	{ name: "Corporal", rank: 20 },
	{ name: "Sergeant", rank: 30 },
	{ name: "Officer", rank: 100 },
	{ name: "Commander", rank: 200 },
	{ name: "Ranking Bot", rank: 254 },
	{ name: "Owner", rank: 255 },
];

export interface WorldMemberSeed {
	userId?: number;
	name: string;
	displayName?: string;
	rank: number;
}

export interface WorldSeed {
	groupName?: string;
	ladder?: ReadonlyArray<{ name: string; rank: number }>;
	/** Group members besides the owner and the ranking bot. */
	members?: ReadonlyArray<WorldMemberSeed>;
	rankgun?: RankGunWorkspaceSeed;
	hyra?: HyraTokenSeed;
	openCloud?: OpenCloudKeySeed;
}

/** One group with a RankGun workspace, a Hyra token and an Open Cloud key acting on it. */
export interface World {
	readonly group: Group;
	readonly owner: RobloxUser;
	/** The account the services rank with (rank 254 in the default ladder). */
	readonly bot: RobloxUser;
	readonly members: ReadonlyArray<RobloxUser>;
	readonly rankgun: RankGunWorkspace;
	readonly hyra: HyraToken;
	readonly openCloud: OpenCloudKey;
}

export class Emulator {
	readonly roblox = new RobloxWorld();
	readonly faults = new Faults();
	readonly ids: IdSource;
	readonly rankgun: RankGunService;
	readonly hyra: HyraService;
	readonly openCloud: OpenCloudService;
	private readonly services: ReadonlyArray<Service>;
	private readonly control = new Router();
	private offset = 0;
	private readonly clock: () => number;

	constructor(options: EmulatorOptions = {}) {
		this.clock = options.now ?? (() => DateTime.now().UnixTimestampMillis / 1000);
		this.ids = new IdSource(options.seed);
		const context: EmulatorContext = { roblox: this.roblox, ids: this.ids, now: () => this.now() };
		this.rankgun = new RankGunService(context, options.rankgun);
		this.hyra = new HyraService(context);
		this.openCloud = new OpenCloudService(context);
		this.services = [this.rankgun, this.hyra, this.openCloud];
		this.addControlRoutes();
	}

	/** Unix seconds on the emulator's clock. */
	now(): number {
		return this.clock() + this.offset;
	}

	/** Moves the emulator's clock forward (quota resets, rate windows, timestamps). */
	advance(seconds: number) {
		this.offset += seconds;
	}

	/** Arms a fault for the next matching requests. */
	fault(spec: FaultSpec) {
		this.faults.add(spec);
	}

	createWorld(seed: WorldSeed = {}): World {
		const now = this.now();
		const owner = this.roblox.createUser(`Owner${this.roblox.users.size() + 1}`);
		const bot = this.roblox.createUser(`RankBot${this.roblox.users.size() + 1}`);
		const group = this.roblox.createGroup(
			seed.groupName ?? `Group ${this.roblox.groups.size() + 1}`,
			owner.id,
			[...(seed.ladder ?? DEFAULT_LADDER)],
			now,
		);
		const ladder = group.ladder();
		const botRole = ladder[ladder.size() - 2];
		this.roblox.addMember(group, bot.id, botRole, now);
		const members = (seed.members ?? []).map((memberSeed) => {
			const user = this.roblox.createUser(memberSeed.name, memberSeed.displayName, memberSeed.userId);
			const role = group.roleByRank(memberSeed.rank);
			if (!role) error(`createWorld: the group has no role with rank ${memberSeed.rank}`);
			this.roblox.addMember(group, user.id, role, now);
			return user;
		});
		return {
			group,
			owner,
			bot,
			members,
			rankgun: this.rankgun.createWorkspace(group, bot, seed.rankgun ?? {}),
			hyra: this.hyra.createToken(group, bot, seed.hyra ?? {}),
			openCloud: this.openCloud.createKey(bot, seed.openCloud ?? {}),
		};
	}

	handle(request: EmulatorRequest): EmulatorResponse {
		if (request.path.sub(1, 12) === "/__emulator/" || request.path === "/__emulator") {
			return this.dispatch(this.control, request) ?? jsonResponse(404, { error: "No such control route" });
		}
		for (const service of this.services) {
			const match = service.router.match(request);
			const style = this.errorStyle(service, request.path);
			if (match === "methodNotAllowed") return errorEnvelope(service.name, 405, "Method not allowed", undefined, style);
			if (match === undefined) continue;
			const fault = this.faults.take(service.name, request.path);
			if (fault && !fault.apply) return faultResponse(fault, service.name, undefined, style);
			const context = { request, params: match.params, now: this.now() };
			const [ok, result] = pcall(() => match.handler(context));
			const response = ok ? result : errorEnvelope(service.name, 500, `emulator bug: ${result}`, undefined, style);
			return fault ? faultResponse(fault, service.name, response, style) : response;
		}
		return jsonResponse(404, { error: "Not Found", path: request.path });
	}

	/** How errors the emulator makes up (faults, 405s) look on this service's path. */
	private errorStyle(service: Service, path: string): ErrorStyle {
		if (service !== this.rankgun) return { coded: true, throttleAs403: false };
		return { coded: this.rankgun.codesOn(path), throttleAs403: this.rankgun.behaviours.throttleAs403 };
	}

	private dispatch(router: Router, request: EmulatorRequest): EmulatorResponse | undefined {
		const match = router.match(request);
		if (match === undefined || match === "methodNotAllowed") return undefined;
		return match.handler({ request, params: match.params, now: this.now() });
	}

	/** A small HTTP control surface, for driving a standalone emulator from outside. */
	private addControlRoutes() {
		this.control.add("GET", "/__emulator/state", () =>
			jsonResponse(200, {
				now: this.now(),
				faultsPending: this.faults.pending(),
				rankgun: this.rankgun.describe(),
				rankgunBehaviours: this.rankgun.behaviours as unknown as Record<string, boolean>,
				hyra: this.hyra.describe(),
				openCloud: this.openCloud.describe(),
			}),
		);
		this.control.add("POST", "/__emulator/faults", ({ request }) => {
			const spec = readJsonObject(request) as FaultSpec | undefined;
			if (!spec || !typeIs(spec.kind, "string"))
				return jsonResponse(400, { error: "body must be a fault: {kind, count?, service?, pathContains?, apply?, seconds?, retryAfter?}" });
			this.fault(spec);
			return jsonResponse(200, { faultsPending: this.faults.pending() });
		});
		// What arrived on the wire: lets specs see headers and bodies as the services would.
		// `?hang=S` holds the answer S seconds, for transport timeout checks.
		for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
			this.control.add(method, "/__emulator/echo", ({ request }) => {
				const response = jsonResponse(200, {
					method: request.method,
					path: request.path,
					query: next(request.query)[0] === undefined ? EMPTY_OBJECT : (request.query as Record<string, string>),
					headers: request.headers as Record<string, string>,
					body: request.body,
				});
				const hang = tonumber(request.query.hang);
				return hang !== undefined ? { ...response, hangSeconds: hang } : response;
			});
		}
		// Where RankGun's docs are silent, how to answer (rankgun/behaviours.ts): a body of switches to set.
		this.control.add("POST", "/__emulator/rankgun/behaviours", ({ request }) => {
			const body = readJsonObject(request) ?? {};
			const known = this.rankgun.behaviours as unknown as Record<string, unknown>;
			for (const [name, value] of pairs(body)) {
				if (!typeIs(value, "boolean") || known[name as string] === undefined) {
					return jsonResponse(400, {
						error: `${name} is not a behaviour, or not true/false; known: errorCodes, throttleAs403, omitRankFields, omitWorkspaceFields, formIsPublic, quotaBlocksActivity`,
					});
				}
			}
			this.rankgun.setBehaviours(body as Partial<RankGunBehaviours>);
			return jsonResponse(200, this.rankgun.behaviours as unknown as Record<string, boolean>);
		});
		this.control.add("POST", "/__emulator/clock", ({ request }) => {
			const body = readJsonObject(request);
			const seconds = body?.advanceSeconds;
			if (!typeIs(seconds, "number")) return jsonResponse(400, { error: "body must be {advanceSeconds: number}" });
			this.advance(seconds);
			return jsonResponse(200, { now: this.now() });
		});
	}
}
