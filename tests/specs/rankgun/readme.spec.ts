// The README's RankGun example, as a scripter would write it from the docs alone: only the
// public API (RankBridge.new, its methods, RankBridge.ErrorKind / RankError), the key in the
// secrets store, and the emulator's URL as baseUrl. The emulator calls around it only set the
// scene (members, a spent quota) and check what RankGun recorded.
import RankBridge from "../../../src";
import { liveWorld, member } from "../helpers/bridges";
import { Harness } from "../helpers/harness";
import { logMark, waitUntil } from "./support";

export = () => {
	afterEach(() => {
		Harness.setSecret("RankGunKey", undefined);
		Harness.setSecret("OldRankGunKey", undefined);
	});

	it("README: rank a member, run a session with attendance, and read the error kinds", () => {
		const { world } = liveWorld();
		const officer = member(world, "Officer1");
		const recruit = member(world, "Recruit1");
		const trainee = member(world, "Private1");
		Harness.setSecret("RankGunKey", world.rankgun.key);

		// --- what the scripter writes ---------------------------------------------------------
		const bridge = new RankBridge({ secret: "RankGunKey", baseUrl: Harness.emulatorUrl, actor: officer.id, bindToClose: false });

		const change = bridge.promote(recruit.id, { reason: "Passed training", actor: officer.id }).expect();
		expect(change.oldRank).to.equal(1);
		expect(change.newRank).to.equal(10);

		const training = bridge.sessions
			.types()
			.expect()
			.find((sessionType) => sessionType.name === "Training")!;
		const startsAt = os.time() + 60;
		const created = bridge.sessions
			.create({ sessionTypeId: training.id, title: "Evening Training", scheduledStartAt: startsAt, scheduledEndAt: startsAt + 3600 })
			.expect();
		const sessionId = created.session.id;
		expect(bridge.sessions.start(sessionId).expect().session.status).to.equal("in_progress");
		expect(bridge.sessions.markAttended(sessionId, trainee.id).expect().attendanceStatus).to.equal("attended");
		const completed = bridge.sessions.complete(sessionId, { summary: "Good turnout" }).expect();
		expect(completed.session.status).to.equal("completed");
		expect(completed.participants.size()).to.equal(1);
		expect(completed.participants[0].robloxId).to.equal(trainee.id);
		expect(completed.participants[0].attendanceStatus).to.equal("attended");

		// Someone outside the group.
		const [promotedStranger, notInGroup] = bridge.promote(424242).await();
		expect(promotedStranger).to.equal(false);
		expect(RankBridge.RankError.is(notInGroup, RankBridge.ErrorKind.NotInGroup)).to.equal(true);

		// A time in milliseconds is refused before anything is sent.
		const sentBefore = logMark();
		const [createdInMs, milliseconds] = bridge.sessions
			.create({
				sessionTypeId: training.id,
				title: "Oops",
				scheduledStartAt: DateTime.now().UnixTimestampMillis,
				scheduledEndAt: DateTime.now().UnixTimestampMillis + 3600000,
			})
			.await();
		expect(createdInMs).to.equal(false);
		expect(RankBridge.RankError.is(milliseconds, RankBridge.ErrorKind.InvalidRequest)).to.equal(true);
		expect(logMark()).to.equal(sentBefore);

		// A key RankGun does not accept (the owner regenerated it).
		Harness.setSecret("OldRankGunKey", "rg_0000000000000000000000000000000000000000");
		const stale = new RankBridge({ secret: "OldRankGunKey", baseUrl: Harness.emulatorUrl, bindToClose: false });
		const [readWorkspace, invalidKey] = stale.workspace().await();
		expect(readWorkspace).to.equal(false);
		expect(RankBridge.RankError.is(invalidKey, RankBridge.ErrorKind.InvalidKey)).to.equal(true);

		// The month's rank actions are used up: the promote waits for the reset instead of failing.
		world.rankgun.setRanksThisMonth(170);
		bridge.promote(trainee.id);
		waitUntil(() => bridge.status().parked === 1);
		expect(bridge.status().lastError?.kind).to.equal(RankBridge.ErrorKind.QuotaExhausted);
		expect(bridge.status().quotaResumesAt).to.equal(bridge.workspace().expect().usage.usageResetAt);

		// --- what RankGun recorded ------------------------------------------------------------
		expect(world.group.rankOf(recruit.id)).to.equal(10);
		expect(world.group.rankOf(trainee.id)).to.equal(10);
		expect(world.rankgun.session(sessionId)?.summary).to.equal("Good turnout");
		expect(world.rankgun.session(sessionId)?.createdByRobloxId).to.equal(officer.id);
	});
};
