// Hyra Ranking (ranking.hyra.io), its 7 published endpoints, served at the emulator's root.
// Facts: https://github.com/hyra-io/developer-docs/blob/fff9dcabc487/ranking/all-endpoints.md. Tokens travel in bodies and paths, never in headers.
import { HttpService } from "@rbxts/services";
import { EmulatorContext, Service } from "../context";
import { EmulatorResponse, Handler, Router } from "../http";
import { JsonValue } from "../json";
import { Group, RobloxUser } from "../roblox";
import { addActionRoutes } from "./actionRoutes";
import { HYRA_DEFAULTS, HyraBehaviours } from "./behaviours";
import { addLogRoutes } from "./logRoutes";
import { HyraAccount, HyraAccountType, HyraToken, HyraTokenSeed } from "./token";
import { addTokenRoutes } from "./tokenRoutes";

export { DAILY_LIMIT, HyraAccount, HyraAccountType, HyraLogEntry, HyraMessage, HyraToken, HyraTokenSeed } from "./token";
export { nextQuotaReset, quotaDay } from "./clock";
export { HYRA_DEFAULTS, HyraBehaviours } from "./behaviours";

/** A failure of Hyra's own, re-sent as a 200 carrying it (the failuresAs200 behaviour). */
function asSuccessStatus(response: EmulatorResponse): EmulatorResponse {
	if (response.status < 400 || response.status >= 500) return response;
	const [ok, body] = pcall(() => HttpService.JSONDecode(response.body) as Record<string, unknown>);
	const failed = ok && typeIs(body, "table") && (body.Success === false || body.success === false);
	return failed ? { ...response, status: 200 } : response;
}

/** Hyra's routes, each answer shaped by the behaviours in force. */
class HyraRouter extends Router {
	constructor(private readonly behaviours: () => Readonly<HyraBehaviours>) {
		super();
	}

	add(method: string, pattern: string, handler: Handler) {
		return super.add(method, pattern, (route) => {
			const response = handler(route);
			return this.behaviours().failuresAs200 ? asSuccessStatus(response) : response;
		});
	}
}

export class HyraService implements Service {
	readonly name = "hyra";
	readonly router: Router = new HyraRouter(() => this.behaviours);
	/** The answers in force where the docs are silent; see behaviours.ts. */
	behaviours: HyraBehaviours = { ...HYRA_DEFAULTS };
	/** Bot accounts by .ROBLOSECURITY cookie, for `POST /token`. */
	readonly accounts = new Map<string, HyraAccount>();
	/** Live tokens by their current value. */
	private readonly tokens = new Map<string, HyraToken>();

	constructor(readonly context: EmulatorContext) {
		addTokenRoutes(this.router, this);
		addActionRoutes(this.router, this);
		addLogRoutes(this.router, this);
	}

	/** Switches behaviours on or off; the rest stay as they are. */
	setBehaviours(changes: Partial<HyraBehaviours>) {
		this.behaviours = { ...this.behaviours, ...changes };
	}

	/** Back to the emulator's default answers. */
	resetBehaviours() {
		this.behaviours = { ...HYRA_DEFAULTS };
	}

	/** Lets `POST /token` accept `cookie` as `user`'s login. */
	registerCookie(user: RobloxUser, cookie?: string, accountType: HyraAccountType = "Hyra Cookie"): HyraAccount {
		const account: HyraAccount = { cookie: cookie ?? this.newCookie(), user, accountType };
		this.accounts.set(account.cookie, account);
		return account;
	}

	/** A token for `bot` (a member of `group`), as Hyra's workspace admin would issue it. */
	createToken(group: Group, bot: RobloxUser, seed: HyraTokenSeed): HyraToken {
		const account = this.registerCookie(bot, seed.cookie, seed.accountType);
		return this.issueToken(group, account, seed);
	}

	issueToken(group: Group, account: HyraAccount, seed: HyraTokenSeed): HyraToken {
		const now = this.context.now;
		const record = new HyraToken(seed.token ?? this.newToken(), group, account, now(), seed.paid ?? false, now);
		if (seed.quotaUsed !== undefined) record.setUsage(seed.quotaUsed);
		this.tokens.set(record.token, record);
		return record;
	}

	/** The live token with this value, if any. */
	findToken(value: string): HyraToken | undefined {
		return this.tokens.get(value);
	}

	/** Gives the token a new value; the old one stops working. Quota and logs carry over. */
	spin(record: HyraToken) {
		this.tokens.delete(record.token);
		record.token = this.newToken();
		this.tokens.set(record.token, record);
	}

	remove(record: HyraToken) {
		this.tokens.delete(record.token);
		record.active = false;
	}

	describe(): JsonValue {
		const summary = new Array<JsonValue>();
		for (const [, record] of this.tokens) {
			summary.push({
				token: record.token,
				groupId: record.group.id,
				botId: record.bot().id,
				accountType: record.account.accountType,
				paid: record.paid,
				usage: record.usage(),
				logs: record.logs().size(),
				messages: record.messages().size(),
			});
		}
		return summary;
	}

	private newToken(): string {
		return this.context.ids.hex(48);
	}

	private newCookie(): string {
		return `_|WARNING:-DO-NOT-SHARE-THIS.--Sharing-this-will-allow-someone-to-log-in-as-you-and-to-steal-your-ROBUX-and-items.|_${this.context.ids.hex(64)}`;
	}
}
