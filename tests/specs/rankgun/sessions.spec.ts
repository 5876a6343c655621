// bridge.sessions against the emulator over HTTP: the four reads (list with paging, upcoming,
// types, get), the writes (create, start, complete, cancel, participants, attendance), the
// checks made before any request, and every documented refusal as a kind.
import RankBridge from "../../../src";
import type { World } from "../../emulator";
import { liveWorld, member } from "../helpers/bridges";
import { Harness } from "../helpers/harness";
import { contains, emulatorNow, logMark, rejection, sentTo } from "./support";
import { CODE_VARIANTS, useVariant } from "../helpers/variants";

const ErrorKind = RankBridge.ErrorKind;
const HOUR = 3600;

function typeId(world: World, name: string): string {
	const found = world.rankgun.sessionTypes.find((candidate) => candidate.name === name);
	if (!found) error(`no session type ${name}`);
	return found.id;
}

export = () => {
	// Session answers are documented field by field; what varies is how errors are worded.
	for (const variant of CODE_VARIANTS) {
		describe(`RankGun [${variant.name}]`, () => {
			useVariant(variant, { beforeAll, afterAll });
			afterEach(() => Harness.emulator.faults.clear());

			describe("RankGun sessions.list and listAll", () => {
				it("lists sessions newest scheduled start first, a page at a time, and every page with listAll", () => {
					const { world, bridge } = liveWorld();
					const start = emulatorNow() + HOUR;
					const ids = new Array<string>();
					for (let index = 0; index < 5; index++) {
						ids.push(
							world.rankgun.addSession({ title: `Training ${index + 1}`, type: "Training", scheduledStartAt: start + index * HOUR }).id,
						);
					}
					const rankgun = bridge();
					const first = rankgun.sessions.list({ limit: 2 }).expect();
					expect(first.sessions.size()).to.equal(2);
					expect(first.sessions[0].id).to.equal(ids[4]);
					expect(first.sessions[1].id).to.equal(ids[3]);
					expect(first.sessions[0].title).to.equal("Training 5");
					expect(first.sessions[0].sessionTypeName).to.equal("Training");
					expect(first.sessions[0].status).to.equal("scheduled");
					expect(first.sessions[0].scheduledStartAt).to.equal(start + 4 * HOUR);
					expect(first.sessions[0].actualStartAt).to.equal(undefined);
					expect(typeIs(first.nextCursor, "string")).to.equal(true);

					const second = rankgun.sessions.list({ limit: 2, cursor: first.nextCursor }).expect();
					expect(second.sessions.map((session) => session.id).join(",")).to.equal([ids[2], ids[1]].join(","));
					const last = rankgun.sessions.list({ limit: 2, cursor: second.nextCursor }).expect();
					expect(last.sessions.size()).to.equal(1);
					expect(last.sessions[0].id).to.equal(ids[0]);
					expect(last.nextCursor).to.equal(undefined);

					const mark = logMark();
					const all = rankgun.sessions.listAll({ limit: 2 }).expect();
					expect(all.map((session) => session.id).join(",")).to.equal([ids[4], ids[3], ids[2], ids[1], ids[0]].join(","));
					expect(sentTo(mark, "/api/sessions").size()).to.equal(3);
				});

				it("filters by status and by scheduled start (from, to)", () => {
					const { world, bridge } = liveWorld();
					const now = emulatorNow();
					world.rankgun.addSession({ title: "Done", type: "Training", status: "completed", scheduledStartAt: now - 2 * HOUR });
					world.rankgun.addSession({ title: "Now", type: "Rally", status: "in_progress", scheduledStartAt: now - HOUR });
					world.rankgun.addSession({ title: "Later", type: "Tryout", scheduledStartAt: now + HOUR });
					const rankgun = bridge();
					const completed = rankgun.sessions.listAll({ status: "completed" }).expect();
					expect(completed.size()).to.equal(1);
					expect(completed[0].title).to.equal("Done");
					const window = rankgun.sessions.listAll({ from: now - HOUR, to: now + HOUR }).expect();
					expect(window.map((session) => session.title).join(",")).to.equal("Later,Now");
				});

				const badQueries: Array<[string, Record<string, unknown>, string]> = [
					["a status RankGun does not have", { status: "running" }, "status"],
					["a limit of 0", { limit: 0 }, "limit"],
					["a fractional limit", { limit: 2.5 }, "limit"],
					["from in milliseconds", { from: 1735689600000 }, "milliseconds"],
					["from after to", { from: 1735689600, to: 1735603200 }, "from"],
				];
				for (const [what, query, named] of badQueries) {
					it(`refuses ${what} with InvalidRequest before any request`, () => {
						const { bridge } = liveWorld();
						const rankgun = bridge();
						const mark = logMark();
						const failure = rejection(rankgun.sessions.list(query as never));
						expect(failure.kind).to.equal(ErrorKind.InvalidRequest);
						expect(contains(failure.message, named)).to.equal(true);
						expect(rejection(rankgun.sessions.listAll(query as never)).kind).to.equal(ErrorKind.InvalidRequest);
						expect(logMark()).to.equal(mark);
					});
				}

				it("rejects a cursor RankGun did not give with InvalidRequest", () => {
					const { bridge } = liveWorld();
					const failure = rejection(bridge().sessions.list({ cursor: "not-a-cursor" }));
					expect(failure.kind).to.equal(ErrorKind.InvalidRequest);
					expect(failure.status).to.equal(400);
				});
			});

			describe("RankGun sessions.upcoming and types", () => {
				it("gives scheduled sessions that have not started, soonest first", () => {
					const { world, bridge } = liveWorld();
					const now = emulatorNow();
					const later = world.rankgun.addSession({ title: "Later", type: "Training", scheduledStartAt: now + 2 * HOUR });
					const soon = world.rankgun.addSession({ title: "Soon", type: "Training", scheduledStartAt: now + HOUR });
					world.rankgun.addSession({ title: "Missed", type: "Training", scheduledStartAt: now - HOUR });
					world.rankgun.addSession({ title: "Running", type: "Rally", status: "in_progress", scheduledStartAt: now + 3 * HOUR });
					world.rankgun.addSession({ title: "Off", type: "Rally", status: "cancelled", scheduledStartAt: now + 4 * HOUR });
					const rankgun = bridge();
					const upcoming = rankgun.sessions.upcoming().expect();
					expect(upcoming.map((session) => session.id).join(",")).to.equal([soon.id, later.id].join(","));
					const one = rankgun.sessions.upcoming(1).expect();
					expect(one.size()).to.equal(1);
					expect(one[0].id).to.equal(soon.id);
				});

				it("refuses an upcoming limit that is not a positive whole number before any request", () => {
					const { bridge } = liveWorld();
					const rankgun = bridge();
					const mark = logMark();
					expect(rejection(rankgun.sessions.upcoming(0)).kind).to.equal(ErrorKind.InvalidRequest);
					expect(rejection(rankgun.sessions.upcoming("5" as never)).kind).to.equal(ErrorKind.InvalidRequest);
					expect(logMark()).to.equal(mark);
				});

				it("rejects an upcoming limit above RankGun's range with InvalidRequest", () => {
					const { bridge } = liveWorld();
					const failure = rejection(bridge().sessions.upcoming(500));
					expect(failure.kind).to.equal(ErrorKind.InvalidRequest);
					expect(failure.status).to.equal(400);
				});

				it("gives the workspace's active session types", () => {
					const { world, bridge } = liveWorld();
					world.rankgun.addSessionType({ name: "Retired", isActive: false });
					const types = bridge().sessions.types().expect();
					expect(types.map((sessionType) => sessionType.name).join(",")).to.equal("Training,Tryout,Rally");
					expect(types[0].id).to.equal(typeId(world, "Training"));
					expect(types[0].description).to.equal("Basic training for new recruits");
					expect(types[0].color).to.equal("#8b5cf6");
					expect(types[0].defaultDurationMinutes).to.equal(60);
					expect(types[0].isActive).to.equal(true);
				});
			});

			describe("RankGun sessions.get", () => {
				it("gives one session with its notes and participants", () => {
					const { world, bridge } = liveWorld();
					const host = member(world, "Officer1");
					const trainee = member(world, "Recruit1");
					const seeded = world.rankgun.addSession({
						title: "Saturday Training",
						type: "Training",
						scheduledStartAt: emulatorNow() + HOUR,
						createdByRobloxId: host.id,
						notes: "Bring your A game",
						participants: [{ robloxId: host.id, role: "Host", attendanceStatus: "confirmed" }, { robloxId: trainee.id }],
					});
					const detail = bridge().sessions.get(seeded.id).expect();
					expect(detail.session.id).to.equal(seeded.id);
					expect(detail.session.title).to.equal("Saturday Training");
					expect(detail.session.notes).to.equal("Bring your A game");
					expect(detail.session.summary).to.equal(undefined);
					expect(detail.session.createdByRobloxId).to.equal(host.id);
					expect(detail.session.createdByUsername).to.equal("Officer1");
					expect(detail.participants.size()).to.equal(2);
					expect(detail.participants[0].robloxId).to.equal(host.id);
					expect(detail.participants[0].role).to.equal("Host");
					expect(detail.participants[0].attendanceStatus).to.equal("confirmed");
					expect(detail.participants[1].robloxUsername).to.equal("Recruit1");
					expect(detail.participants[1].role).to.equal("Attendee");
				});

				it("rejects with NotFound for a session that does not exist or is another workspace's", () => {
					const { bridge } = liveWorld();
					const other = liveWorld().world;
					const theirs = other.rankgun.addSession({ title: "Theirs", type: "Training", scheduledStartAt: emulatorNow() + HOUR });
					const rankgun = bridge();
					const missing = rejection(rankgun.sessions.get("k000000000000000000000000000000x"));
					expect(missing.kind).to.equal(ErrorKind.NotFound);
					expect(missing.status).to.equal(404);
					expect(rejection(rankgun.sessions.get(theirs.id)).kind).to.equal(ErrorKind.NotFound);
				});

				it("refuses an empty session id before any request", () => {
					const { bridge } = liveWorld();
					const mark = logMark();
					expect(rejection(bridge().sessions.get("")).kind).to.equal(ErrorKind.InvalidRequest);
					expect(logMark()).to.equal(mark);
				});

				it("refuses a session id that is not one path segment ('.', '..', '/', '?', '#', '%', control characters) before any request", () => {
					const { world, bridge } = liveWorld();
					const rankgun = bridge({ actor: world.owner.id });
					const mark = logMark();
					for (const id of [".", "..", "k1/../k2", "k1?status=x", "k1#x", "k1%2e", "k1\n"]) {
						for (const call of [
							rankgun.sessions.get(id),
							rankgun.sessions.start(id),
							rankgun.sessions.markAttended(id, member(world, "Private1").id),
						]) {
							const failure = rejection(call);
							expect(failure.kind).to.equal(ErrorKind.InvalidRequest);
							expect(contains(failure.message, "sessionId")).to.equal(true);
						}
					}
					expect(logMark()).to.equal(mark);
				});
			});

			describe("RankGun sessions.create", () => {
				it("schedules a session attributed to the configured actor", () => {
					const { world, bridge } = liveWorld();
					const host = member(world, "Officer1");
					const start = emulatorNow() + HOUR;
					const detail = bridge({ actor: host.id })
						.sessions.create({
							sessionTypeId: typeId(world, "Tryout"),
							title: "Corporal Tryout",
							scheduledStartAt: start,
							scheduledEndAt: start + HOUR,
							notes: "Be on time",
						})
						.expect();
					expect(detail.session.status).to.equal("scheduled");
					expect(detail.session.title).to.equal("Corporal Tryout");
					expect(detail.session.sessionTypeName).to.equal("Tryout");
					expect(detail.session.scheduledStartAt).to.equal(start);
					expect(detail.session.scheduledEndAt).to.equal(start + HOUR);
					expect(detail.session.notes).to.equal("Be on time");
					expect(detail.session.createdByRobloxId).to.equal(host.id);
					expect(detail.participants.size()).to.equal(0);
					const stored = world.rankgun.session(detail.session.id);
					expect(stored?.title).to.equal("Corporal Tryout");
					expect(world.rankgun.sessionLog[0].actorRobloxId).to.equal(host.id);
				});

				it("attributes it to the actor a call names over the configured one", () => {
					const { world, bridge } = liveWorld();
					const start = emulatorNow() + HOUR;
					const detail = bridge({ actor: member(world, "Officer1").id })
						.sessions.create({
							actor: member(world, "Sergeant1").id,
							sessionTypeId: typeId(world, "Rally"),
							title: "Rally",
							scheduledStartAt: start,
							scheduledEndAt: start + 1800,
						})
						.expect();
					expect(detail.session.createdByRobloxId).to.equal(member(world, "Sergeant1").id);
				});

				it("creates the session once when the answer to create is lost", () => {
					const { world, bridge, emulator } = liveWorld();
					const start = emulatorNow() + HOUR;
					emulator.fault({ kind: "hang", service: "rankgun", pathContains: "/api/sessions", seconds: 2, apply: true });
					const detail = bridge({ actor: world.owner.id, timeout: 1 })
						.sessions.create({
							sessionTypeId: typeId(world, "Training"),
							title: "Lost answer",
							scheduledStartAt: start,
							scheduledEndAt: start + HOUR,
						})
						.expect();
					expect(detail.session.title).to.equal("Lost answer");
					expect(world.rankgun.sessions.size()).to.equal(1);
					expect(world.rankgun.sessions[0].id).to.equal(detail.session.id);
				});

				type Fields = Record<string, unknown>;
				const badSessions: Array<[string, (session: Fields) => void, string]> = [
					["a start in milliseconds", (session) => (session.scheduledStartAt = 1900000000000), "milliseconds"],
					["an end in milliseconds", (session) => (session.scheduledEndAt = 1900003600000), "milliseconds"],
					["an end before the start", (session) => (session.scheduledEndAt = 1899996400), "scheduledEndAt"],
					["no title", (session) => (session.title = undefined), "title"],
					["no session type", (session) => (session.sessionTypeId = undefined), "sessionTypeId"],
					["notes that are not text", (session) => (session.notes = 5), "notes"],
					["a start with a fraction of a second", (session) => (session.scheduledStartAt = 1900000000.5), "whole number of seconds"],
				];
				for (const [what, spoil, named] of badSessions) {
					it(`refuses ${what} with InvalidRequest before any request`, () => {
						const { world, bridge } = liveWorld();
						const session: Fields = {
							sessionTypeId: typeId(world, "Training"),
							title: "Checked",
							scheduledStartAt: 1900000000,
							scheduledEndAt: 1900003600,
						};
						spoil(session);
						const mark = logMark();
						const failure = rejection(bridge({ actor: world.owner.id }).sessions.create(session as never));
						expect(failure.kind).to.equal(ErrorKind.InvalidRequest);
						expect(contains(failure.message, named)).to.equal(true);
						expect(logMark()).to.equal(mark);
						expect(world.rankgun.sessions.size()).to.equal(0);
					});
				}

				it("refuses a create with no actor anywhere, saying how to give one, before any request", () => {
					const { world, bridge } = liveWorld();
					const mark = logMark();
					const failure = rejection(
						bridge().sessions.create({
							sessionTypeId: typeId(world, "Training"),
							title: "Nobody",
							scheduledStartAt: 1900000000,
							scheduledEndAt: 1900003600,
						}),
					);
					expect(failure.kind).to.equal(ErrorKind.InvalidRequest);
					expect(contains(failure.message, "actor")).to.equal(true);
					expect(logMark()).to.equal(mark);
				});

				it("rejects with InvalidRequest a session type of another workspace, and an actor outside the workspace", () => {
					const { world, bridge } = liveWorld();
					const other = liveWorld().world;
					const start = emulatorNow() + HOUR;
					const foreignType = rejection(
						bridge({ actor: world.owner.id }).sessions.create({
							sessionTypeId: typeId(other, "Training"),
							title: "Foreign",
							scheduledStartAt: start,
							scheduledEndAt: start + HOUR,
						}),
					);
					expect(foreignType.kind).to.equal(ErrorKind.InvalidRequest);
					expect(foreignType.status).to.equal(400);
					const stranger = rejection(
						bridge({ actor: 424242 }).sessions.create({
							sessionTypeId: typeId(world, "Training"),
							title: "Stranger",
							scheduledStartAt: start,
							scheduledEndAt: start + HOUR,
						}),
					);
					expect(stranger.kind).to.equal(ErrorKind.InvalidRequest);
					expect(contains(stranger.message, "424242")).to.equal(true);
					expect(world.rankgun.sessions.size()).to.equal(0);
				});
			});

			describe("RankGun sessions.create at the workspace's session cap", () => {
				it("rejects with InvalidRequest, saying to delete or archive old sessions", () => {
					const { world, bridge } = liveWorld({ rankgun: { sessionCap: 1 } });
					world.rankgun.addSession({ title: "Old", type: "Training", status: "completed", scheduledStartAt: emulatorNow() - HOUR });
					const start = emulatorNow() + HOUR;
					const failure = rejection(
						bridge({ actor: world.owner.id }).sessions.create({
							sessionTypeId: typeId(world, "Training"),
							title: "One too many",
							scheduledStartAt: start,
							scheduledEndAt: start + HOUR,
						}),
					);
					expect(failure.kind).to.equal(ErrorKind.InvalidRequest);
					expect(contains(failure.message, "archive")).to.equal(true);
					expect(world.rankgun.sessions.size()).to.equal(1);
				});
			});

			describe("RankGun sessions.start, complete, cancel", () => {
				it("starts a scheduled session and completes it with a summary", () => {
					const { world, bridge } = liveWorld();
					const host = member(world, "Officer1");
					const session = world.rankgun.addSession({ title: "Drill", type: "Training", scheduledStartAt: emulatorNow() });
					const sessions = bridge({ actor: host.id }).sessions;
					const started = sessions.start(session.id).expect();
					expect(started.session.status).to.equal("in_progress");
					expect(typeIs(started.session.actualStartAt, "number")).to.equal(true);
					const completed = sessions.complete(session.id, { summary: "Good turnout" }).expect();
					expect(completed.session.status).to.equal("completed");
					expect(completed.session.summary).to.equal("Good turnout");
					expect(typeIs(completed.session.actualEndAt, "number")).to.equal(true);
					expect(world.rankgun.session(session.id)?.status).to.equal("completed");
					expect(world.rankgun.sessionLog.size()).to.equal(2);
					expect(world.rankgun.sessionLog[1].actorRobloxId).to.equal(host.id);
				});

				it("cancels a scheduled session with a reason", () => {
					const { world, bridge } = liveWorld();
					const session = world.rankgun.addSession({ title: "Rally", type: "Rally", scheduledStartAt: emulatorNow() + HOUR });
					const cancelled = bridge({ actor: world.owner.id }).sessions.cancel(session.id, { reason: "Server maintenance" }).expect();
					expect(cancelled.session.status).to.equal("cancelled");
					expect(cancelled.session.cancellationReason).to.equal("Server maintenance");
					expect(typeIs(cancelled.session.cancelledAt, "number")).to.equal(true);
				});

				it("cancels a session in progress", () => {
					const { world, bridge } = liveWorld();
					const session = world.rankgun.addSession({
						title: "Rally",
						type: "Rally",
						status: "in_progress",
						scheduledStartAt: emulatorNow(),
					});
					expect(bridge({ actor: world.owner.id }).sessions.cancel(session.id).expect().session.status).to.equal("cancelled");
				});

				it("rejects a transition RankGun does not allow with InvalidRequest, changing nothing", () => {
					const { world, bridge } = liveWorld();
					const done = world.rankgun.addSession({
						title: "Done",
						type: "Training",
						status: "completed",
						scheduledStartAt: emulatorNow() - HOUR,
					});
					const later = world.rankgun.addSession({ title: "Later", type: "Training", scheduledStartAt: emulatorNow() + HOUR });
					const sessions = bridge({ actor: world.owner.id }).sessions;
					const restart = rejection(sessions.start(done.id));
					expect(restart.kind).to.equal(ErrorKind.InvalidRequest);
					expect(restart.status).to.equal(400);
					expect(rejection(sessions.complete(later.id)).kind).to.equal(ErrorKind.InvalidRequest);
					expect(world.rankgun.session(done.id)?.status).to.equal("completed");
					expect(world.rankgun.session(later.id)?.status).to.equal("scheduled");
				});

				it("rejects with NotFound a session of another workspace", () => {
					const { world, bridge } = liveWorld();
					const other = liveWorld().world;
					const theirs = other.rankgun.addSession({ title: "Theirs", type: "Training", scheduledStartAt: emulatorNow() + HOUR });
					expect(rejection(bridge({ actor: world.owner.id }).sessions.start(theirs.id)).kind).to.equal(ErrorKind.NotFound);
					expect(theirs.status).to.equal("scheduled");
				});

				it("rejects with InvalidRequest an actor outside the workspace", () => {
					const { world, bridge } = liveWorld();
					const session = world.rankgun.addSession({ title: "Drill", type: "Training", scheduledStartAt: emulatorNow() });
					const failure = rejection(bridge({ actor: 424242 }).sessions.start(session.id));
					expect(failure.kind).to.equal(ErrorKind.InvalidRequest);
					expect(contains(failure.message, "424242")).to.equal(true);
					expect(world.rankgun.session(session.id)?.status).to.equal("scheduled");
				});

				it("refuses a status change with no actor, or a summary or reason that is not text, before any request", () => {
					const { world, bridge } = liveWorld();
					const session = world.rankgun.addSession({ title: "Drill", type: "Training", scheduledStartAt: emulatorNow() });
					const mark = logMark();
					expect(rejection(bridge().sessions.start(session.id)).kind).to.equal(ErrorKind.InvalidRequest);
					const sessions = bridge({ actor: world.owner.id }).sessions;
					expect(rejection(sessions.complete(session.id, { summary: 5 as never })).kind).to.equal(ErrorKind.InvalidRequest);
					expect(rejection(sessions.cancel(session.id, { reason: false as never })).kind).to.equal(ErrorKind.InvalidRequest);
					expect(rejection(sessions.start("")).kind).to.equal(ErrorKind.InvalidRequest);
					expect(logMark()).to.equal(mark);
				});

				it("starts a session once when the answer to start is lost", () => {
					const { world, bridge, emulator } = liveWorld();
					const session = world.rankgun.addSession({ title: "Drill", type: "Training", scheduledStartAt: emulatorNow() });
					emulator.fault({ kind: "serverError", service: "rankgun", pathContains: "/status", apply: true });
					expect(bridge({ actor: world.owner.id }).sessions.start(session.id).expect().session.status).to.equal("in_progress");
					expect(world.rankgun.sessionLog.size()).to.equal(1);
				});
			});

			describe("RankGun participants and attendance", () => {
				it("adds a workspace member with the default role", () => {
					const { world, bridge } = liveWorld();
					const session = world.rankgun.addSession({ title: "Drill", type: "Training", scheduledStartAt: emulatorNow() + HOUR });
					const user = member(world, "Private1");
					const participant = bridge({ actor: world.owner.id }).sessions.addParticipant(session.id, user.id).expect();
					expect(participant.robloxId).to.equal(user.id);
					expect(participant.robloxUsername).to.equal("Private1");
					expect(participant.role).to.equal("Attendee");
					expect(participant.attendanceStatus).to.equal("invited");
					expect(typeIs(participant.invitedAt, "number")).to.equal(true);
					expect(world.rankgun.participant(session.id, user.id)?.role).to.equal("Attendee");
				});

				it("adds with the role and attendance status given", () => {
					const { world, bridge } = liveWorld();
					const session = world.rankgun.addSession({ title: "Drill", type: "Training", scheduledStartAt: emulatorNow() + HOUR });
					const user = member(world, "Sergeant1");
					const participant = bridge({ actor: world.owner.id })
						.sessions.addParticipant(session.id, user.id, { role: "Trainer", attendanceStatus: "confirmed" })
						.expect();
					expect(participant.role).to.equal("Trainer");
					expect(participant.attendanceStatus).to.equal("confirmed");
				});

				it("rejects with Conflict someone already on the session", () => {
					const { world, bridge } = liveWorld();
					const user = member(world, "Private1");
					const session = world.rankgun.addSession({
						title: "Drill",
						type: "Training",
						scheduledStartAt: emulatorNow() + HOUR,
						participants: [{ robloxId: user.id }],
					});
					const failure = rejection(bridge({ actor: world.owner.id }).sessions.addParticipant(session.id, user.id));
					expect(failure.kind).to.equal(ErrorKind.Conflict);
					expect(failure.status).to.equal(409);
					expect(world.rankgun.session(session.id)?.participants.size()).to.equal(1);
				});

				it("rejects with InvalidRequest someone outside the workspace, and a role that is not configured (listing the roles)", () => {
					const { world, bridge } = liveWorld();
					const session = world.rankgun.addSession({ title: "Drill", type: "Training", scheduledStartAt: emulatorNow() + HOUR });
					const sessions = bridge({ actor: world.owner.id }).sessions;
					expect(rejection(sessions.addParticipant(session.id, 424242)).kind).to.equal(ErrorKind.InvalidRequest);
					const role = rejection(sessions.addParticipant(session.id, member(world, "Private1").id, { role: "Cook" }));
					expect(role.kind).to.equal(ErrorKind.InvalidRequest);
					expect(contains(role.message, "Host, Trainer, Attendee")).to.equal(true);
					expect(world.rankgun.session(session.id)?.participants.size()).to.equal(0);
				});

				it("rejects with InvalidRequest an add without a role when the workspace has no default role", () => {
					const { world, bridge } = liveWorld({ rankgun: { sessionRoles: [{ name: "Host" }, { name: "Attendee" }] } });
					const session = world.rankgun.addSession({ title: "Drill", type: "Training", scheduledStartAt: emulatorNow() + HOUR });
					const failure = rejection(bridge({ actor: world.owner.id }).sessions.addParticipant(session.id, member(world, "Private1").id));
					expect(failure.kind).to.equal(ErrorKind.InvalidRequest);
					expect(contains(failure.message, "default")).to.equal(true);
				});

				it("rejects with InvalidRequest an actor outside the workspace", () => {
					const { world, bridge } = liveWorld();
					const session = world.rankgun.addSession({ title: "Drill", type: "Training", scheduledStartAt: emulatorNow() + HOUR });
					const failure = rejection(bridge({ actor: 424242 }).sessions.addParticipant(session.id, member(world, "Private1").id));
					expect(failure.kind).to.equal(ErrorKind.InvalidRequest);
				});

				it("rejects with NotFound a session that does not exist", () => {
					const { world, bridge } = liveWorld();
					const sessions = bridge({ actor: world.owner.id }).sessions;
					const user = member(world, "Private1").id;
					expect(rejection(sessions.addParticipant("k000000000000000000000000000000x", user)).kind).to.equal(ErrorKind.NotFound);
					expect(
						rejection(sessions.updateParticipant("k000000000000000000000000000000x", user, { attendanceStatus: "attended" })).kind,
					).to.equal(ErrorKind.NotFound);
					expect(rejection(sessions.markAttended("k000000000000000000000000000000x", user)).kind).to.equal(ErrorKind.NotFound);
				});

				it("updates a participant's attendance (stamping respondedAt) and role", () => {
					const { world, bridge } = liveWorld();
					const user = member(world, "Private1");
					const session = world.rankgun.addSession({
						title: "Drill",
						type: "Training",
						scheduledStartAt: emulatorNow(),
						participants: [{ robloxId: user.id }],
					});
					const sessions = bridge({ actor: world.owner.id }).sessions;
					const attended = sessions.updateParticipant(session.id, user.id, { attendanceStatus: "attended" }).expect();
					expect(attended.attendanceStatus).to.equal("attended");
					expect(typeIs(attended.respondedAt, "number")).to.equal(true);
					const host = sessions.updateParticipant(session.id, user.id, { role: "Host" }).expect();
					expect(host.role).to.equal("Host");
					expect(host.attendanceStatus).to.equal("attended");
					expect(world.rankgun.participant(session.id, user.id)?.role).to.equal("Host");
				});

				it("rejects with NotFound an update for someone not on the session", () => {
					const { world, bridge } = liveWorld();
					const session = world.rankgun.addSession({ title: "Drill", type: "Training", scheduledStartAt: emulatorNow() });
					const failure = rejection(
						bridge({ actor: world.owner.id }).sessions.updateParticipant(session.id, member(world, "Private1").id, {
							attendanceStatus: "attended",
						}),
					);
					expect(failure.kind).to.equal(ErrorKind.NotFound);
				});

				it("refuses an update with neither role nor attendanceStatus before any request", () => {
					const { world, bridge } = liveWorld();
					const session = world.rankgun.addSession({ title: "Drill", type: "Training", scheduledStartAt: emulatorNow() });
					const mark = logMark();
					const failure = rejection(
						bridge({ actor: world.owner.id }).sessions.updateParticipant(session.id, member(world, "Private1").id, {}),
					);
					expect(failure.kind).to.equal(ErrorKind.InvalidRequest);
					expect(contains(failure.message, "role or attendanceStatus")).to.equal(true);
					expect(logMark()).to.equal(mark);
				});

				it("rejects an attendance status or role RankGun does not know with InvalidRequest", () => {
					const { world, bridge } = liveWorld();
					const user = member(world, "Private1");
					const session = world.rankgun.addSession({
						title: "Drill",
						type: "Training",
						scheduledStartAt: emulatorNow(),
						participants: [{ robloxId: user.id }],
					});
					const sessions = bridge({ actor: world.owner.id }).sessions;
					expect(rejection(sessions.updateParticipant(session.id, user.id, { attendanceStatus: "here" })).kind).to.equal(
						ErrorKind.InvalidRequest,
					);
					const role = rejection(sessions.updateParticipant(session.id, user.id, { role: "Cook" }));
					expect(role.kind).to.equal(ErrorKind.InvalidRequest);
					expect(contains(role.message, "Host, Trainer, Attendee")).to.equal(true);
					expect(world.rankgun.participant(session.id, user.id)?.attendanceStatus).to.equal("invited");
				});

				it("marks attended someone not yet on the session by adding them", () => {
					const { world, bridge } = liveWorld();
					const user = member(world, "Recruit1");
					const session = world.rankgun.addSession({
						title: "Drill",
						type: "Training",
						status: "in_progress",
						scheduledStartAt: emulatorNow(),
					});
					const participant = bridge({ actor: world.owner.id }).sessions.markAttended(session.id, user.id).expect();
					expect(participant.robloxId).to.equal(user.id);
					expect(participant.attendanceStatus).to.equal("attended");
					expect(participant.role).to.equal("Attendee");
					expect(world.rankgun.participant(session.id, user.id)?.attendanceStatus).to.equal("attended");
				});

				it("marks attended someone already on the session, and again without harm", () => {
					const { world, bridge } = liveWorld();
					const user = member(world, "Recruit1");
					const session = world.rankgun.addSession({
						title: "Drill",
						type: "Training",
						status: "in_progress",
						scheduledStartAt: emulatorNow(),
						participants: [{ robloxId: user.id, role: "Trainer", attendanceStatus: "confirmed" }],
					});
					const sessions = bridge({ actor: world.owner.id }).sessions;
					const participant = sessions.markAttended(session.id, user.id).expect();
					expect(participant.attendanceStatus).to.equal("attended");
					expect(participant.role).to.equal("Trainer");
					expect(typeIs(participant.respondedAt, "number")).to.equal(true);
					expect(sessions.markAttended(session.id, user.id).expect().attendanceStatus).to.equal("attended");
					expect(world.rankgun.session(session.id)?.participants.size()).to.equal(1);
				});

				it("refuses participant calls with no actor, or a user id that is not one, before any request", () => {
					const { world, bridge } = liveWorld();
					const session = world.rankgun.addSession({ title: "Drill", type: "Training", scheduledStartAt: emulatorNow() });
					const user = member(world, "Private1").id;
					const mark = logMark();
					const unattributed = bridge().sessions;
					for (const failure of [
						rejection(unattributed.addParticipant(session.id, user)),
						rejection(unattributed.updateParticipant(session.id, user, { attendanceStatus: "attended" })),
						rejection(unattributed.markAttended(session.id, user)),
					]) {
						expect(failure.kind).to.equal(ErrorKind.InvalidRequest);
						expect(contains(failure.message, "actor")).to.equal(true);
					}
					const sessions = bridge({ actor: world.owner.id }).sessions;
					expect(rejection(sessions.addParticipant(session.id, 0)).kind).to.equal(ErrorKind.InvalidRequest);
					expect(rejection(sessions.markAttended(session.id, "Private1" as never)).kind).to.equal(ErrorKind.InvalidRequest);
					expect(rejection(sessions.addParticipant(session.id, user, { role: 3 as never })).kind).to.equal(ErrorKind.InvalidRequest);
					expect(logMark()).to.equal(mark);
				});
			});
		});
	}
};
