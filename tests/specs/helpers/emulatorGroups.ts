// GroupService for specs: reads ranks straight from the emulator's Roblox groups, always fresh.
import type { Emulator } from "../../emulator";
import { Future } from "../../../src/core/future";
import type { GroupDirectory } from "../../../src/roblox/groups";

export class EmulatorGroups implements GroupDirectory {
	/** Reads made, and how many failed on purpose. */
	reads = 0;
	failNext = 0;

	constructor(private readonly emulator: Emulator) {}

	rankOf(groupId: number, userId: number): Future<number> {
		this.reads += 1;
		if (this.failNext > 0) {
			this.failNext -= 1;
			return Future.rejected<number>("GroupService: fake failure");
		}
		const group = this.emulator.roblox.groups.get(groupId);
		return Future.resolved(group ? group.rankOf(userId) : 0);
	}

	ranks(groupId: number): Future<Array<number>> {
		const group = this.emulator.roblox.groups.get(groupId);
		return Future.resolved(group ? group.ladder().map((role) => role.rank) : []);
	}
}
