// GroupService for specs: reads ranks straight from the emulator's Roblox groups, always fresh.
// Like Roblox's GroupService reads (web calls), an answer comes after a yield unless the running
// block asked for instant answers (see currentWebReads): on the virtual clock a read takes
// READ_SECONDS, on the real one it answers on the next resumption; either way the group is read
// when the answer comes, so a change made meanwhile is seen.
import type { Emulator } from "../../emulator";
import { Future } from "../../../src/core/future";
import type { Scheduler } from "../../../src/core/scheduler";
import type { GroupDirectory } from "../../../src/roblox/groups";
import { currentWebReads } from "./variants";

/** How long a read takes on a virtual clock (Roblox's web reads take tens to hundreds of ms). */
const READ_SECONDS = 0.1;

export class EmulatorGroups implements GroupDirectory {
	/** Reads made, and how many failed on purpose. */
	reads = 0;
	failNext = 0;
	/** How long a read takes on a virtual clock (Roblox's web reads take tens to hundreds of ms, at times seconds). */
	readSeconds = READ_SECONDS;

	/** `scheduler`: the virtual clock reads take their time on; without it, the engine's. */
	constructor(
		private readonly emulator: Emulator,
		private readonly scheduler?: Scheduler,
	) {}

	rankOf(groupId: number, userId: number): Future<number> {
		this.reads += 1;
		const fail = this.failNext > 0;
		if (fail) this.failNext -= 1;
		return this.answer(() => {
			if (fail) return Future.rejected<number>("GroupService: fake failure");
			const group = this.emulator.roblox.groups.get(groupId);
			return Future.resolved(group ? group.rankOf(userId) : 0);
		});
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
		const settle = () => answer.resolve(read());
		if (this.scheduler) this.scheduler.delay(this.readSeconds, settle);
		else task.defer(settle);
		return answer;
	}
}
