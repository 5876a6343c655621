// One Hyra Ranking token: the bot account behind it, its daily quota, its logs and messages.
import { Group, RobloxUser } from "../roblox";
import { quotaDay } from "./clock";

/** "Hyra Cookie" accounts may message users; "Campfire Managed" ones may not. */
export type HyraAccountType = "Hyra Cookie" | "Campfire Managed";

/** Successful rank and message calls allowed per token per quota day. */
export const DAILY_LIMIT = 500;

/** A bot account Hyra knows by its .ROBLOSECURITY cookie. */
export interface HyraAccount {
	readonly cookie: string;
	readonly user: RobloxUser;
	readonly accountType: HyraAccountType;
}

export interface HyraTokenSeed {
	/** A fixed token; default a generated one. */
	token?: string;
	/** The bot's .ROBLOSECURITY cookie, for `POST /token`; default a generated one. */
	cookie?: string;
	/** Default "Hyra Cookie". */
	accountType?: HyraAccountType;
	/** Successful invocations already spent in the current quota day; default 0. */
	quotaUsed?: number;
	/** The `paid` flag `GET /token/{token}` reports; default false. */
	paid?: boolean;
}

/** One entry of `GET /logs/{token}`; `date` in Unix seconds. */
export interface HyraLogEntry {
	readonly id: string;
	readonly date: number;
	readonly groupId: number;
	/** The rank number the user was given. */
	readonly rankId: number;
	/** The ranked user's id. */
	readonly user: number;
	readonly ray: string;
	readonly type: string;
	readonly country: string;
	readonly ip: string;
}

export interface HyraMessage {
	readonly targetId: number;
	readonly subject: string;
	readonly message: string;
	readonly date: number;
}

export class HyraToken {
	/** The token as it is now; `PUT /spin` replaces it. */
	token: string;
	/** False once `DELETE /token/{token}` removed it. */
	active = true;
	private used = 0;
	private usedDay: number;
	/** Oldest first. */
	private readonly entries = new Array<HyraLogEntry>();
	private readonly sent = new Array<HyraMessage>();

	constructor(
		token: string,
		readonly group: Group,
		readonly account: HyraAccount,
		readonly created: number,
		readonly paid: boolean,
		private readonly now: () => number,
	) {
		this.token = token;
		this.usedDay = quotaDay(now());
	}

	/** The bot account the token ranks with. */
	bot(): RobloxUser {
		return this.account.user;
	}

	/** Successful invocations spent in the current quota day. */
	usage(): number {
		return this.usedDay === quotaDay(this.now()) ? this.used : 0;
	}

	/** Sets how much of today's quota is spent. */
	setUsage(count: number) {
		this.used = count;
		this.usedDay = quotaDay(this.now());
	}

	/** Counts one successful rank or message. */
	spend() {
		this.setUsage(this.usage() + 1);
	}

	/** Log entries, newest first, as `GET /logs/{token}` orders them. */
	logs(): Array<HyraLogEntry> {
		const newestFirst = new Array<HyraLogEntry>();
		for (let i = this.entries.size() - 1; i >= 0; i--) newestFirst.push(this.entries[i]);
		return newestFirst;
	}

	addLog(entry: HyraLogEntry) {
		this.entries.push(entry);
	}

	/** Messages sent with `POST /message`, oldest first. */
	messages(): Array<HyraMessage> {
		return [...this.sent];
	}

	addMessage(message: HyraMessage) {
		this.sent.push(message);
	}
}
