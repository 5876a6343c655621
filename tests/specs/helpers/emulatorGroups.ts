// GroupService for specs: reads ranks straight from the emulator's Roblox groups, always fresh.
// Like Roblox's GroupService reads (web calls), an answer comes after a yield unless the running
// block asked for instant answers (see currentWebReads): on the virtual clock a read takes
// READ_SECONDS, on the real one it answers on the next resumption; either way the group is read
// when the answer comes, so a change made meanwhile is seen.
import type { Emulator } from "../../emulator";
import { Future } from "../../../src/core/future";
import type { Scheduler } from "../../../src/core/scheduler";
import type { GroupDirectory } from "../../../src/roblox/groups";
import { timerFiredAt } from "../../cloud/thread";
import { currentWebReads } from "./variants";

/** How long a read takes on a virtual clock (Roblox's web reads take tens to hundreds of ms). */
const READ_SECONDS = 0.1;

export class EmulatorGroups implements GroupDirectory {
	/** Reads made, and how many failed on purpose. */
	reads = 0;
	failNext = 0;
	/** How long a read takes on a virtual clock (Roblox's web reads take tens to hundreds of ms, at times seconds). */
	readSeconds = READ_SECONDS;

	/** Answers served from the cache (see cacheSeconds). */
	cached = 0;
	/**
	 * Wall seconds spent inside this stand-in: in a game a read is GroupService's web call, the
	 * engine's work and Roblox's, not the game's Luau (the benchmark takes it out of the library's share).
	 */
	seconds = 0;
	private readonly cache = new Map<string, { rank: number; until: number }>();

	/**
	 * `scheduler`: the virtual clock reads take their time on; without it, the engine's.
	 * `cacheSeconds`: how long this server answers a member's rank from its first read (0: always
	 * fresh). Roblox does not say whether GetGroupsAsync is cached
	 * (https://create.roblox.com/docs/reference/engine/classes/GroupService#GetGroupsAsync);
	 * GetRankInGroupAsync is cached for the session (https://create.roblox.com/docs/reference/engine/classes/Player#GetRankInGroupAsync).
	 */
	constructor(
		private readonly emulator: Emulator,
		private readonly scheduler?: Scheduler,
		readonly cacheSeconds = 0,
	) {}

	rankOf(groupId: number, userId: number): Future<number> {
		const started = os.clock();
		const answer = this.rankRead(groupId, userId);
		this.seconds += os.clock() - started;
		return answer;
	}

	private rankRead(groupId: number, userId: number): Future<number> {
		this.reads += 1;
		const fail = this.failNext > 0;
		if (fail) this.failNext -= 1;
		return this.answer(() => {
			if (fail) return Future.rejected<number>("GroupService: fake failure");
			const key = `${groupId}/${userId}`;
			const now = this.now();
			const hit = this.cache.get(key);
			if (hit && hit.until > now) {
				this.cached += 1;
				return Future.resolved(hit.rank);
			}
			const group = this.emulator.roblox.groups.get(groupId);
			const rank = group ? group.rankOf(userId) : 0;
			if (this.cacheSeconds > 0) this.cache.set(key, { rank, until: now + this.cacheSeconds });
			return Future.resolved(rank);
		});
	}

	private now(): number {
		return this.scheduler ? this.scheduler.now() : os.clock();
	}

	ranks(groupId: number): Future<Array<number>> {
		return this.answer(() => {
			const group = this.emulator.roblox.groups.get(groupId);
			return Future.resolved(group ? group.ladder().map((role) => role.rank) : []);
		});
	}

	private answer<T>(read: () => Future<T>): Future<T> {
		if (currentWebReads() === "instant") return read();
		const answer = new Future<T>();
		// The read is timed; what the answer then runs (the caller's work) is not.
		const settle = () => {
			// From when a virtual clock began firing this timer (the answer's arrival is the engine's).
			const started = this.scheduler ? timerFiredAt(this.scheduler) : os.clock();
			const value = read();
			this.seconds += os.clock() - started;
			answer.resolve(value);
		};
		if (this.scheduler) this.scheduler.delay(this.readSeconds, settle);
		else task.defer(settle);
		return answer;
	}
}
