// The per-admin cooldown on a virtual clock: refused within it, allowed once it has passed.
import { Players } from "@rbxts/services";
import { member, virtualWorld } from "../helpers/bridges";
import { cleanUp, join, settle, stopLater } from "./support";
import { useWebReads, WEB_READS } from "../helpers/variants";

// Each spec runs with GroupService reads that yield (as Roblox's web calls do) and that answer at once.
export = () => {
	for (const mode of WEB_READS) {
		describe(`GroupService reads: ${mode}`, () => {
			useWebReads(mode, { beforeAll, afterAll });
			afterEach(cleanUp);

			it("refuses an admin's next command until the cooldown has passed, counting from the last command that went out", () => {
				const { scheduler, world, server } = virtualWorld();
				const commands = stopLater(server().bridge.enableCommands({ minRank: 100, cooldown: 5 }));
				const officer = member(world, "Officer1");
				join(officer);
				join(member(world, "Recruit1"));
				const admin = Players.GetPlayerByUserId(officer.id)!;
				const run = (text: string) => settle(scheduler, commands.run(admin, text));

				expect(run("/rank recruit").status).to.equal("done");
				scheduler.advance(2);
				const early = run("/promote recruit");
				expect(early.reason).to.equal("Cooldown");
				expect(early.message).to.equal("Wait 3 s before your next command.");
				// A refused command does not restart the cooldown.
				scheduler.advance(3.5);
				expect(run("/promote recruit").status).to.equal("done");
				expect(world.group.rankOf(member(world, "Recruit1").id)).to.equal(10);
			});
		});
	}
};
