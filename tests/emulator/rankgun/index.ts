// RankGun (https://api.rankgun.works) as documented at
// https://www.rankgun.works/docs/developing/APIReference and its endpoint pages: the
// current /api routes, the deprecated V3 /roblox routes, per-workspace rate limit and monthly
// rank quota. Each workspace is one group's, found from its API key alone.
import { EmulatorContext, Service } from "../context";
import { EmulatorResponse, RouteContext, Router } from "../http";
import { JsonValue } from "../json";
import { Group, RobloxUser } from "../roblox";
import { addActivityRoutes } from "./activity";
import { authorize, keyOf } from "./auth";
import { DOCS_EXACT, RankGunBehaviours } from "./behaviours";
import { addCentreRoutes } from "./centres";
import { describeWorkspace } from "./describe";
import { addLegacyRoutes } from "./legacy";
import { DEFAULT_RATE_LIMIT, RateLimit } from "./limits";
import { addParticipantRoutes } from "./participants";
import { addRankRoutes } from "./rankRoutes";
import { errorResponse, isFailure, legacyErrorResponse } from "./responses";
import { CallHandler, RouteTable } from "./routes";
import { addSessionRoutes } from "./sessions";
import { RankGunWorkspace } from "./workspace";
import { RankGunWorkspaceSeed } from "./workspaceSeed";
import { addWorkspaceRoute } from "./workspaceRoute";

export { RankGunWorkspace } from "./workspace";
export { DOCS_EXACT, RankGunBehaviours } from "./behaviours";
export { DEFAULT_SESSION_ROLES, DEFAULT_SESSION_TYPES, RankGunWorkspaceSeed, SESSION_CAP } from "./workspaceSeed";
export * from "./types";

export interface RankGunOptions {
	/** Length of the rate-limit window in seconds; default 60. */
	windowSeconds?: number;
	/** Requests allowed per workspace per window; default 100. */
	requestsPerWindow?: number;
	/** Where the docs are silent: how to answer (default DOCS_EXACT). */
	behaviours?: Partial<RankGunBehaviours>;
}

/**
 * What RankGun's older overview documents for errors: `{success:false, error}` with no `code`,
 * and one meaning for a 403, "invalid key or monthly limit exceeded". Without codes, a bad key
 * and a spent quota are worded alike, so nothing but the status tells them apart.
 */
const OLDER_FORBIDDEN = "Invalid API key or monthly limit exceeded";
const KEY_OR_QUOTA_CODES = new ReadonlySet(["INVALID_API_KEY", "MONTHLY_LIMIT_EXCEEDED"]);

/** The Ranking Centre and Application Centre pages document `{success:false, code, error}`. */
function documentsCodes(path: string): boolean {
	return path.sub(1, 19) === "/api/ranking-centre" || path.sub(1, 17) === "/api/applications";
}

export class RankGunService implements Service {
	readonly name = "rankgun";
	readonly router = new Router();
	readonly workspaces = new Array<RankGunWorkspace>();
	/** The answers in force where the docs are silent; see behaviours.ts. */
	behaviours: RankGunBehaviours;

	constructor(
		private readonly context: EmulatorContext,
		private readonly options: RankGunOptions = {},
	) {
		this.behaviours = { ...DOCS_EXACT, ...options.behaviours };
		const routes: RouteTable = {
			api: (method, pattern, handler) => this.router.add(method, pattern, this.wrap(handler, "api")),
			legacy: (method, pattern, handler) => this.router.add(method, pattern, this.wrap(handler, "legacy")),
		};
		addWorkspaceRoute(routes);
		addRankRoutes(routes);
		addSessionRoutes(routes);
		addParticipantRoutes(routes);
		addActivityRoutes(routes);
		addCentreRoutes(routes);
		addLegacyRoutes(routes);
	}

	createWorkspace(group: Group, bot: RobloxUser, seed: RankGunWorkspaceSeed): RankGunWorkspace {
		const workspace = new RankGunWorkspace(this.context, group, bot, seed);
		this.workspaces.push(workspace);
		return workspace;
	}

	/** The workspace a key currently opens, if any. */
	workspaceByKey(key: string): RankGunWorkspace | undefined {
		return this.workspaces.find((workspace) => workspace.key === key);
	}

	describe(): JsonValue {
		return this.workspaces.map((workspace) => describeWorkspace(workspace, this.context.now(), this.rateLimit()));
	}

	/** Switches behaviours on or off; the rest stay as they are. */
	setBehaviours(changes: Partial<RankGunBehaviours>) {
		this.behaviours = { ...this.behaviours, ...changes };
	}

	/** Back to the docs, and to what the service was built with. */
	resetBehaviours() {
		this.behaviours = { ...DOCS_EXACT, ...this.options.behaviours };
	}

	/** Whether an error on this path carries a `code`. */
	codesOn(path: string): boolean {
		return this.behaviours.errorCodes || documentsCodes(path);
	}

	/** The service-wide limit, which a workspace may override. */
	rateLimit(): RateLimit {
		return {
			requestsPerWindow: this.options.requestsPerWindow ?? DEFAULT_RATE_LIMIT.requestsPerWindow,
			windowSeconds: this.options.windowSeconds ?? DEFAULT_RATE_LIMIT.windowSeconds,
		};
	}

	/** Key, workspace state and rate limit first; then the handler; failures in the route's envelope. */
	private wrap(handler: CallHandler, style: "api" | "legacy") {
		return ({ request, params, now }: RouteContext): EmulatorResponse => {
			const behaviours = this.behaviours;
			const workspace = authorize(keyOf(request), (candidate) => this.workspaceByKey(candidate), now, this.rateLimit(), behaviours);
			const result = isFailure(workspace) ? workspace : handler({ workspace, request, params, now, context: this.context, behaviours });
			if (!isFailure(result)) return result;
			if (style === "api" && this.codesOn(request.path)) return errorResponse(result);
			const vague = result.status === 403 && KEY_OR_QUOTA_CODES.has(result.code);
			return legacyErrorResponse(vague ? { ...result, message: OLDER_FORBIDDEN } : result);
		};
	}
}
