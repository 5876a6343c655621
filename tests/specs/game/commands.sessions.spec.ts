// /session start|end|attend against the emulator over HTTP.
import { Harness } from "../helpers/harness";
import { liveWorld, member } from "../helpers/bridges";
import type { CommandOptions } from "../../../src/features/commands";
import type { World } from "../../emulator";
import { cleanUp, join, say, sessionInProgress, stopLater, writesFor } from "./support";
import { useWebReads, WEB_READS } from "../helpers/variants";

function setup(options: Partial<CommandOptions> = {}, actor?: (world: World) => number) {
	const { world, bridge } = liveWorld();
	const rankBridge = bridge({ actor: actor?.(world) });
	const commands = stopLater(rankBridge.enableCommands({ minRank: 100, cooldown: 0, ...options }));
	const officer = member(world, "Officer1");
	join(officer);
	const now = math.floor(Harness.emulator.now());
	const scheduled = (title: string, startsIn: number, sessionType = "Training") =>
		world.rankgun.addSession({ title, type: sessionType, scheduledStartAt: now + startsIn });
	return { world, rankBridge, commands, officer, scheduled };
}

// Each spec runs with GroupService reads that yield (as Roblox's web calls do) and that answer at once.
export = () => {
	for (const mode of WEB_READS) {
		describe(`GroupService reads: ${mode}`, () => {
			useWebReads(mode, { beforeAll, afterAll });
			afterEach(cleanUp);

			describe("/session start", () => {
				it("starts the scheduled session whose start time is nearest, attributed to the admin", () => {
					const { world, commands, officer, scheduled } = setup();
					const later = scheduled("Weekend drill", 2 * 86400);
					const soon = scheduled("Evening drill", 3600);
					const result = say(commands, officer, "/session start");
					expect(result.status).to.equal("done");
					expect(result.message).to.equal('Started "Evening drill".');
					expect(soon.status).to.equal("in_progress");
					expect(later.status).to.equal("scheduled");
					const log = world.rankgun.sessionLog.filter((entry) => entry.action === "status");
					expect(log.size()).to.equal(1);
					expect(log[0].actorRobloxId).to.equal(officer.id);
				});

				it("starts the session whose title starts with what was typed", () => {
					const { commands, officer, scheduled } = setup();
					scheduled("Evening drill", 3600);
					const weekend = scheduled("Weekend drill", 2 * 86400);
					expect(say(commands, officer, "/session start weekend").message).to.equal('Started "Weekend drill".');
					expect(weekend.status).to.equal("in_progress");
				});

				it("works only on the configured session types", () => {
					const { commands, officer, scheduled } = setup({ sessionTypes: ["Training"] });
					const rally = scheduled("Rally", 600, "Rally");
					const training = scheduled("Drill", 3600);
					say(commands, officer, "/session start");
					expect(rally.status).to.equal("scheduled");
					expect(training.status).to.equal("in_progress");
				});

				it("refuses when no scheduled session fits, or several fit the title typed", () => {
					const { commands, officer, scheduled } = setup();
					const none = say(commands, officer, "/session start");
					expect(none.reason).to.equal("NoSession");
					expect(none.message).to.equal("There is no scheduled session to start.");
					scheduled("Drill A", 600);
					scheduled("Drill B", 1200);
					const several = say(commands, officer, "/session start drill");
					expect(several.reason).to.equal("AmbiguousSession");
					expect(several.message).to.equal('"drill" matches "Drill B", "Drill A". Type more of the title.');
					expect(say(commands, officer, "/session start parade").reason).to.equal("NoSession");
				});

				it("tells an admin who is not a RankGun workspace member, with no actor configured, what to set up", () => {
					const { world, commands, officer, scheduled } = setup();
					world.rankgun.removeStaff(officer.id);
					const drill = scheduled("Drill", 600);
					const result = say(commands, officer, "/session start");
					expect(result.status).to.equal("failed");
					expect(result.message.find('Could not start "Drill": RankBridge InvalidRequest', 1, true)[0]).to.equal(1);
					expect(result.message.find(`only from members of its workspace, and user ${officer.id} is not one`, 1, true)[0]).to.be.ok();
					expect(result.message.find("set `actor` in RankBridge.new", 1, true)[0]).to.be.ok();
					expect(drill.status).to.equal("scheduled");
				});

				it("records the change as the configured actor when the admin is not a workspace member, and says so", () => {
					const { world, commands, officer, scheduled } = setup({}, (seeded) => seeded.owner.id);
					world.rankgun.removeStaff(officer.id);
					const drill = scheduled("Drill", 600);
					const result = say(commands, officer, "/session start");
					expect(result.status).to.equal("done");
					expect(result.message).to.equal(
						`Started "Drill" (recorded as user ${world.owner.id}: you are not a member of the RankGun workspace).`,
					);
					expect(drill.status).to.equal("in_progress");
					const log = world.rankgun.sessionLog.filter((entry) => entry.action === "status");
					expect(log.size()).to.equal(1);
					expect(log[0].actorRobloxId).to.equal(world.owner.id);
					// Known now: the next change goes straight to the configured actor.
					const attendee = member(world, "Recruit1");
					join(attendee);
					const mark = Harness.httpLog().size();
					expect(say(commands, officer, "/session attend recruit").status).to.equal("done");
					const participantWrites = Harness.httpLog().filter(
						(request, index) => index >= mark && request.Url.find("/participants", 1, true)[0] !== undefined,
					);
					expect(participantWrites.size()).to.equal(1);
					expect(world.rankgun.participant(drill.id, attendee.id)?.attendanceStatus).to.equal("attended");
				});

				it("keeps the admin as actor when they are a workspace member, even with an actor configured", () => {
					const { world, commands, officer, scheduled } = setup({}, (seeded) => seeded.owner.id);
					scheduled("Drill", 600);
					expect(say(commands, officer, "/session start").message).to.equal('Started "Drill".');
					expect(world.rankgun.sessionLog.filter((entry) => entry.action === "status")[0].actorRobloxId).to.equal(officer.id);
				});

				it("lets automatic attendance mark everyone at once", () => {
					const { world, rankBridge, commands, officer, scheduled } = setup();
					const session = scheduled("Drill", 600);
					const tracker = stopLater(rankBridge.trackAttendance());
					tracker.refresh().expect();
					join(member(world, "Recruit1"));
					say(commands, officer, "/session start");
					tracker.settled().expect();
					expect(world.rankgun.participant(session.id, member(world, "Recruit1").id)?.attendanceStatus).to.equal("attended");
					expect(world.rankgun.participant(session.id, officer.id)?.attendanceStatus).to.equal("attended");
				});
			});

			describe("/session end", () => {
				it("completes the session in progress with a summary naming the admin", () => {
					const { world, commands, officer } = setup();
					const session = sessionInProgress(world, "Training", "Drill");
					expect(say(commands, officer, "/session end").message).to.equal('Ended "Drill".');
					expect(session.status).to.equal("completed");
					expect(session.summary).to.equal("Ended in game by Officer1");
				});

				it("asks which session when several are in progress, and ends the one named", () => {
					const { world, commands, officer } = setup();
					const drill = sessionInProgress(world, "Training", "Drill");
					const rally = sessionInProgress(world, "Rally", "Rally");
					const ambiguous = say(commands, officer, "/session end");
					expect(ambiguous.reason).to.equal("AmbiguousSession");
					expect(ambiguous.message.find("2 sessions are in progress:", 1, true)[0]).to.equal(1);
					expect(ambiguous.message.find("Type /session end <title>.", 1, true)[0]).to.be.ok();
					expect(say(commands, officer, "/session end rally").status).to.equal("done");
					expect(rally.status).to.equal("completed");
					expect(drill.status).to.equal("in_progress");
				});

				it("refuses when no session is in progress", () => {
					const { commands, officer } = setup();
					const result = say(commands, officer, "/session end");
					expect(result.reason).to.equal("NoSession");
					expect(result.message).to.equal("No session is in progress.");
				});
			});

			describe("/session attend", () => {
				it("marks everyone in the server attended, once, skipping people outside the group", () => {
					const { world, commands, officer } = setup();
					const session = sessionInProgress(world, "Training", "Drill");
					for (const name of ["Recruit1", "Private1"]) join(member(world, name));
					const visitor = Harness.emulator.roblox.createUser("Visitor");
					join(visitor);
					const first = say(commands, officer, "/session attend");
					expect(first.status).to.equal("done");
					expect(first.message).to.equal('Marked 3 attended in "Drill"; not marked: Visitor is not in the group.');
					for (const name of ["Recruit1", "Private1", "Officer1"]) {
						expect(world.rankgun.participant(session.id, member(world, name).id)?.attendanceStatus).to.equal("attended");
					}
					const again = say(commands, officer, "/session attend");
					expect(again.message).to.equal('Marked 0 attended in "Drill"; 3 already were; not marked: Visitor is not in the group.');
					expect(writesFor(world, session.id, member(world, "Recruit1").id).size()).to.equal(1);
				});

				it("marks one player when named", () => {
					const { world, commands, officer } = setup();
					const session = sessionInProgress(world, "Training", "Drill");
					join(member(world, "Recruit1"));
					expect(say(commands, officer, "/session attend recruit").message).to.equal('Marked 1 attended in "Drill".');
					expect(world.rankgun.participant(session.id, officer.id)).to.equal(undefined);
				});

				it("refuses when no session is in progress", () => {
					const { commands, officer } = setup();
					expect(say(commands, officer, "/session attend").reason).to.equal("NoSession");
				});
			});

			it("refuses an unknown /session word, and players who may not use it", () => {
				const { world, commands, officer } = setup();
				const usage = say(commands, officer, "/session pause");
				expect(usage.reason).to.equal("BadUsage");
				expect(usage.message).to.equal("Usage: /session start [title] | /session end [title] | /session attend [player]");
				join(member(world, "Sergeant1"));
				expect(say(commands, member(world, "Sergeant1"), "/session start").reason).to.equal("NotPermitted");
			});
		});
	}
};
