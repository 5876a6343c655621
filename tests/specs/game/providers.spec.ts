// Issue 6's promise: the same game code runs on RankGun, Hyra Ranking and Open Cloud, switching
// only the config. The game below turns on chat commands for officers and, where the provider
// has sessions, automatic attendance; an officer then promotes a private by chat.
import type { RankBridge } from "../../../src/bridge";
import type { World } from "../../emulator";
import { liveWorld, member } from "../helpers/bridges";
import { hyraWorld, openCloudWorld } from "../helpers/providerBridges";
import { cleanUp, join, say, sessionInProgress, stopLater, writesFor } from "./support";

/** The game's own code: the same for every provider. */
function startGame(bridge: RankBridge) {
	const commands = stopLater(bridge.enableCommands({ minRank: 100, cooldown: 0 }));
	const attendance = bridge.capabilities.sessions ? stopLater(bridge.trackAttendance({ sessionTypes: ["Training"] })) : undefined;
	return { commands, attendance };
}

const PROVIDERS: Array<{ name: string; sessions: boolean; make: () => { world: World; bridge: RankBridge } }> = [
	{
		name: "RankGun",
		sessions: true,
		make: () => {
			const live = liveWorld();
			return { world: live.world, bridge: live.bridge() };
		},
	},
	{
		name: "Hyra Ranking",
		sessions: false,
		make: () => {
			const live = hyraWorld();
			return { world: live.world, bridge: live.bridge() };
		},
	},
	{
		name: "Open Cloud",
		sessions: false,
		make: () => {
			const live = openCloudWorld();
			return { world: live.world, bridge: live.bridge() };
		},
	},
];

export = () => {
	afterEach(cleanUp);

	for (const provider of PROVIDERS) {
		it(`runs the same game code on ${provider.name}`, () => {
			const { world, bridge } = provider.make();
			const officer = member(world, "Officer1");
			const recruit = member(world, "Private1");
			const session = provider.sessions ? sessionInProgress(world, "Training") : undefined;
			join(officer);
			join(recruit);

			const { commands, attendance } = startGame(bridge);

			const promoted = say(commands, officer, "/promote private1");
			expect(promoted.status).to.equal("done");
			expect(world.group.rankOf(recruit.id)).to.equal(20);
			const shown = say(commands, officer, "/rank private1");
			expect(shown.message.find("20", 1, true)[0]).to.be.ok();
			const refused = say(commands, recruit, "/promote officer1");
			expect(refused.reason).to.equal("NotPermitted");

			expect(bridge.capabilities.sessions).to.equal(provider.sessions);
			if (attendance && session) {
				attendance.settled().expect();
				expect(writesFor(world, session.id, recruit.id).size()).to.equal(1);
				expect(world.rankgun.participant(session.id, recruit.id)?.attendanceStatus).to.equal("attended");
			} else {
				const [ok, failure] = pcall(() => bridge.trackAttendance({}));
				expect(ok).to.equal(false);
				expect((failure as { kind: string }).kind).to.equal("Unsupported");
			}
		});

		it(`checks a guarded change against the actor's rank just before sending it, on ${provider.name}`, () => {
			const { world, bridge } = provider.make();
			const officer = member(world, "Officer1");
			const recruit = member(world, "Private1");
			const guarded = (rank: number) => bridge.setRank(recruit.id, rank, { actor: officer.id, guard: true });
			expect(guarded(30).expect().newRank).to.equal(30);
			const [ok, failure] = guarded(100).await();
			expect(ok).to.equal(false);
			expect((failure as { kind: string }).kind).to.equal("Forbidden");
			expect((failure as { message: string }).message.find("cannot give rank 100", 1, true)[0]).to.be.ok();
			world.group.setOnlyRole(officer.id, world.group.roleByRank(30)!, 0);
			const [stillOk, demoted] = guarded(20).await();
			expect(stillOk).to.equal(false);
			expect((demoted as { message: string }).message.find("no longer outranks them", 1, true)[0]).to.be.ok();
			expect(world.group.rankOf(recruit.id)).to.equal(30);
		});
	}
};
