// RankGun emulator: session types, list, upcoming, get and create.
import { Harness } from "../helpers/harness";
import { CODE_VARIANTS, useVariant } from "../helpers/variants";
import { call, expectError, member, newWorld, now, seedSession, SessionBody, SessionListBody, SessionTypeBody } from "./rankgunApi";

function contains(text: string, part: string): boolean {
	return text.find(part, 1, true)[0] !== undefined;
}

export = () => {
	for (const variant of CODE_VARIANTS) {
		describe(`RankGun emulator [${variant.name}]`, () => {
			useVariant(variant, { beforeAll, afterAll });
			beforeEach(() => Harness.resetHttpBudget());

			describe("RankGun emulator GET /api/sessions/types", () => {
				it("lists only the active session types, with the documented fields", () => {
					const world = newWorld({
						sessionTypes: [
							{ name: "Training", color: "#8b5cf6", defaultDurationMinutes: 60, description: "Basics" },
							{ name: "Old Patrol", isActive: false },
						],
					});
					const response = call(world, "GET", "/api/sessions/types");
					expect(response.status).to.equal(200);
					const body = response.json as { success: boolean; types: Array<SessionTypeBody> };
					expect(body.success).to.equal(true);
					expect(body.types.size()).to.equal(1);
					const training = body.types[0];
					expect(training.id).to.equal(world.rankgun.sessionTypes[0].id);
					expect(training.name).to.equal("Training");
					expect(training.description).to.equal("Basics");
					expect(training.color).to.equal("#8b5cf6");
					expect(training.defaultDurationMinutes).to.equal(60);
					expect(training.isActive).to.equal(true);
				});

				it("seeds Training, Tryout and Rally by default", () => {
					const body = call(newWorld(), "GET", "/api/sessions/types").json as { types: Array<SessionTypeBody> };
					expect(body.types.map((sessionType) => sessionType.name).join(",")).to.equal("Training,Tryout,Rally");
				});
			});

			describe("RankGun emulator GET /api/sessions", () => {
				it("answers {success, sessions, nextCursor: null} with the documented summary fields", () => {
					const world = newWorld();
					const start = now() + 3600;
					const session = world.rankgun.addSession({
						title: "Saturday Training",
						type: "Training",
						scheduledStartAt: start,
						scheduledEndAt: start + 3600,
					});
					const response = call(world, "GET", "/api/sessions");
					expect(response.status).to.equal(200);
					const body = response.json as SessionListBody;
					expect(body.success).to.equal(true);
					expect(body.sessions.size()).to.equal(1);
					const summary = body.sessions[0];
					expect(summary.id).to.equal(session.id);
					expect(summary.title).to.equal("Saturday Training");
					expect(summary.sessionTypeId).to.equal(world.rankgun.sessionTypes[0].id);
					expect(summary.sessionTypeName).to.equal("Training");
					expect(summary.status).to.equal("scheduled");
					expect(summary.scheduledStartAt).to.equal(start);
					expect(summary.scheduledEndAt).to.equal(start + 3600);
					expect(summary.createdByRobloxId).to.equal(world.owner.id);
					expect(summary.createdByUsername).to.equal(world.owner.name);
					expect(typeIs(summary.createdAt, "number")).to.equal(true);
					expect(typeIs(summary.updatedAt, "number")).to.equal(true);
					for (const field of ["actualStartAt", "actualEndAt", "cancelledAt", "cancellationReason"]) {
						expect(contains(response.body, `"${field}":null`)).to.equal(true);
					}
					expect(contains(response.body, '"nextCursor":null')).to.equal(true);
				});

				it("orders sessions by scheduledStartAt, newest first", () => {
					const world = newWorld();
					const middle = seedSession(world, 200);
					const last = seedSession(world, 300);
					const first = seedSession(world, 100);
					const body = call(world, "GET", "/api/sessions").json as SessionListBody;
					expect(body.sessions.map((session) => session.id).join(",")).to.equal([last, middle, first].join(","));
				});

				it("filters by status", () => {
					const world = newWorld();
					seedSession(world, 100);
					const cancelled = world.rankgun.addSession({ title: "Off", type: "Rally", status: "cancelled", scheduledStartAt: now() + 50 });
					const body = call(world, "GET", "/api/sessions", { query: { status: "cancelled" } }).json as SessionListBody;
					expect(body.sessions.size()).to.equal(1);
					expect(body.sessions[0].id).to.equal(cancelled.id);
				});

				it("answers 400 for an unknown status", () => {
					expectError(call(newWorld(), "GET", "/api/sessions", { query: { status: "done" } }), 400, "INVALID_STATUS");
				});

				it("pages with limit and cursor until nextCursor is null, without repeats", () => {
					const world = newWorld();
					for (let i = 1; i <= 5; i++) seedSession(world, i * 100, `Session ${i}`);
					const seen = new Array<string>();
					let cursor: string | undefined;
					let pages = 0;
					do {
						const query: Record<string, string | number> = { limit: 2 };
						if (cursor !== undefined) query.cursor = cursor;
						const body = call(world, "GET", "/api/sessions", { query }).json as SessionListBody;
						expect(body.sessions.size() <= 2).to.equal(true);
						for (const session of body.sessions) seen.push(session.title);
						cursor = body.nextCursor;
						pages += 1;
					} while (cursor !== undefined && pages < 10);
					expect(pages).to.equal(3);
					expect(seen.join(",")).to.equal("Session 5,Session 4,Session 3,Session 2,Session 1");
				});

				it("answers 400 for a negative or non-numeric limit", () => {
					const world = newWorld();
					expectError(call(world, "GET", "/api/sessions", { query: { limit: -1 } }), 400, "INVALID_LIMIT");
					expectError(call(world, "GET", "/api/sessions", { query: { limit: "many" } }), 400, "INVALID_LIMIT");
				});

				it("answers 400 for a cursor it did not issue", () => {
					expectError(call(newWorld(), "GET", "/api/sessions", { query: { cursor: "not a cursor" } }), 400, "INVALID_CURSOR");
				});

				it("keeps sessions starting between from and to, inclusive", () => {
					const world = newWorld();
					const base = now();
					seedSession(world, 100, "Early");
					seedSession(world, 200, "Middle");
					seedSession(world, 300, "Late");
					const body = call(world, "GET", "/api/sessions", { query: { from: base + 200, to: base + 300 } }).json as SessionListBody;
					expect(body.sessions.map((session) => session.title).join(",")).to.equal("Late,Middle");
				});

				it("answers 400 when from is after to", () => {
					const base = now();
					expectError(call(newWorld(), "GET", "/api/sessions", { query: { from: base + 10, to: base } }), 400, "INVALID_RANGE");
				});

				it("answers 400 for from or to in milliseconds", () => {
					const body = expectError(call(newWorld(), "GET", "/api/sessions", { query: { from: now() * 1000 } }), 400, "INVALID_TIMESTAMP");
					expect(contains(body.error, "1000")).to.equal(true);
				});

				it("lists only the key's own workspace's sessions", () => {
					const mine = newWorld();
					const theirs = newWorld();
					seedSession(theirs, 100);
					expect((call(mine, "GET", "/api/sessions").json as SessionListBody).sessions.size()).to.equal(0);
				});
			});

			describe("RankGun emulator GET /api/sessions/upcoming", () => {
				it("lists only scheduled sessions that start in the future, soonest first, with no cursor", () => {
					const world = newWorld();
					const later = seedSession(world, 7200);
					const soon = seedSession(world, 600);
					seedSession(world, -600, "Missed");
					world.rankgun.addSession({ title: "Live", type: "Training", status: "in_progress", scheduledStartAt: now() + 60 });
					world.rankgun.addSession({ title: "Off", type: "Training", status: "cancelled", scheduledStartAt: now() + 60 });
					const response = call(world, "GET", "/api/sessions/upcoming");
					expect(response.status).to.equal(200);
					const body = response.json as SessionListBody;
					expect(body.success).to.equal(true);
					expect(body.sessions.map((session) => session.id).join(",")).to.equal(`${soon},${later}`);
					expect(contains(response.body, "nextCursor")).to.equal(false);
				});

				it("returns at most limit sessions", () => {
					const world = newWorld();
					for (let i = 1; i <= 4; i++) seedSession(world, i * 100, `S${i}`);
					const body = call(world, "GET", "/api/sessions/upcoming", { query: { limit: 2 } }).json as SessionListBody;
					expect(body.sessions.map((session) => session.title).join(",")).to.equal("S1,S2");
				});

				it("answers 400 for a limit that is not a number or out of range", () => {
					const world = newWorld();
					expectError(call(world, "GET", "/api/sessions/upcoming", { query: { limit: "five" } }), 400, "INVALID_LIMIT");
					expectError(call(world, "GET", "/api/sessions/upcoming", { query: { limit: 0 } }), 400, "INVALID_LIMIT");
					expectError(call(world, "GET", "/api/sessions/upcoming", { query: { limit: 1000 } }), 400, "INVALID_LIMIT");
				});
			});

			describe("RankGun emulator GET /api/sessions/{sessionId}", () => {
				it("answers the session detail with notes, summary and its participants", () => {
					const world = newWorld();
					const rookie = member(world, "Rookie");
					const session = world.rankgun.addSession({
						title: "Training",
						type: "Training",
						scheduledStartAt: now() + 600,
						notes: "Bring your A game",
						participants: [{ robloxId: rookie.id }],
					});
					const response = call(world, "GET", `/api/sessions/${session.id}`);
					expect(response.status).to.equal(200);
					const body = response.json as SessionBody;
					expect(body.success).to.equal(true);
					expect(body.session.id).to.equal(session.id);
					expect(body.session.notes).to.equal("Bring your A game");
					expect(contains(response.body, '"summary":null')).to.equal(true);
					expect(body.participants.size()).to.equal(1);
					expect(body.participants[0].robloxId).to.equal(rookie.id);
					expect(body.participants[0].role).to.equal("Attendee");
				});

				it("answers 404 for a session that does not exist", () => {
					expectError(call(newWorld(), "GET", "/api/sessions/k0000000000000000000000000000000"), 404, "SESSION_NOT_FOUND");
				});

				it("answers the same 404 for another workspace's session", () => {
					const mine = newWorld();
					const theirs = newWorld();
					const missing = expectError(call(mine, "GET", "/api/sessions/k0000000000000000000000000000000"), 404, "SESSION_NOT_FOUND");
					const foreign = expectError(call(mine, "GET", `/api/sessions/${seedSession(theirs, 100)}`), 404, "SESSION_NOT_FOUND");
					expect(foreign.error).to.equal(missing.error);
				});
			});

			describe("RankGun emulator POST /api/sessions", () => {
				it("creates a scheduled session and answers 201 {success, session, participants: []}", () => {
					const world = newWorld();
					const olive = member(world, "Olive");
					const start = now() + 3600;
					const response = call(world, "POST", "/api/sessions", {
						body: {
							actorRobloxId: olive.id,
							sessionTypeId: world.rankgun.sessionTypes[1].id,
							title: "Tryout",
							scheduledStartAt: start,
							scheduledEndAt: start + 2700,
							notes: "Uniform required",
						},
					});
					expect(response.status).to.equal(201);
					const body = response.json as SessionBody;
					expect(body.success).to.equal(true);
					expect(body.session.status).to.equal("scheduled");
					expect(body.session.title).to.equal("Tryout");
					expect(body.session.sessionTypeName).to.equal("Tryout");
					expect(body.session.scheduledStartAt).to.equal(start);
					expect(body.session.scheduledEndAt).to.equal(start + 2700);
					expect(body.session.createdByRobloxId).to.equal(olive.id);
					expect(body.session.createdByUsername).to.equal("Olive");
					expect(body.session.notes).to.equal("Uniform required");
					expect(contains(response.body, '"participants":[]')).to.equal(true);
					expect(contains(response.body, '"actualStartAt":null')).to.equal(true);
					const stored = world.rankgun.session(body.session.id);
					expect(stored).to.be.ok();
					expect(call(world, "GET", `/api/sessions/${body.session.id}`).status).to.equal(200);
				});

				it("records the actor in the session audit log", () => {
					const world = newWorld();
					const olive = member(world, "Olive");
					const start = now() + 3600;
					const body = call(world, "POST", "/api/sessions", {
						body: {
							actorRobloxId: olive.id,
							sessionTypeId: world.rankgun.sessionTypes[0].id,
							title: "T",
							scheduledStartAt: start,
							scheduledEndAt: start + 60,
						},
					}).json as SessionBody;
					const entry = world.rankgun.sessionLog[0];
					expect(entry.action).to.equal("create");
					expect(entry.sessionId).to.equal(body.session.id);
					expect(entry.actorRobloxId).to.equal(olive.id);
				});

				it("answers 400 when the actor is missing or not a workspace member", () => {
					const world = newWorld();
					const start = now() + 3600;
					const base = { sessionTypeId: world.rankgun.sessionTypes[0].id, title: "T", scheduledStartAt: start, scheduledEndAt: start + 60 };
					expectError(call(world, "POST", "/api/sessions", { body: base }), 400, "INVALID_ACTOR");
					expectError(call(world, "POST", "/api/sessions", { body: { ...base, actorRobloxId: 9090909 } }), 400, "INVALID_ACTOR");
					expect(world.rankgun.sessions.size()).to.equal(0);
				});

				it("answers 400 for a sessionTypeId from another workspace", () => {
					const world = newWorld();
					const other = newWorld();
					const start = now() + 3600;
					expectError(
						call(world, "POST", "/api/sessions", {
							body: {
								actorRobloxId: world.owner.id,
								sessionTypeId: other.rankgun.sessionTypes[0].id,
								title: "T",
								scheduledStartAt: start,
								scheduledEndAt: start + 60,
							},
						}),
						400,
						"INVALID_SESSION_TYPE",
					);
				});

				it("answers 400 for a missing title", () => {
					const world = newWorld();
					const start = now() + 3600;
					expectError(
						call(world, "POST", "/api/sessions", {
							body: {
								actorRobloxId: world.owner.id,
								sessionTypeId: world.rankgun.sessionTypes[0].id,
								scheduledStartAt: start,
								scheduledEndAt: start + 60,
							},
						}),
						400,
						"INVALID_BODY",
					);
				});

				it("answers 400 for times in milliseconds, telling to divide by 1000", () => {
					const world = newWorld();
					const startMs = (now() + 3600) * 1000;
					const body = expectError(
						call(world, "POST", "/api/sessions", {
							body: {
								actorRobloxId: world.owner.id,
								sessionTypeId: world.rankgun.sessionTypes[0].id,
								title: "T",
								scheduledStartAt: startMs,
								scheduledEndAt: startMs + 60000,
							},
						}),
						400,
						"INVALID_TIMESTAMP",
					);
					expect(contains(body.error, "divide by 1000")).to.equal(true);
				});

				it("answers 400 for a fraction of a second, rather than cutting it off", () => {
					const world = newWorld();
					const start = now() + 3600.5;
					const body = expectError(
						call(world, "POST", "/api/sessions", {
							body: {
								actorRobloxId: world.owner.id,
								sessionTypeId: world.rankgun.sessionTypes[0].id,
								title: "T",
								scheduledStartAt: start,
								scheduledEndAt: start + 60,
							},
						}),
						400,
						"INVALID_TIMESTAMP",
					);
					expect(contains(body.error, "whole number of seconds")).to.equal(true);
					expect(world.rankgun.sessions.size()).to.equal(0);
					expectError(call(world, "GET", "/api/sessions", { query: { from: `${now()}.25` } }), 400, "INVALID_TIMESTAMP");
				});

				it("accepts 10,000,000,000 itself as seconds", () => {
					const world = newWorld();
					const response = call(world, "POST", "/api/sessions", {
						body: {
							actorRobloxId: world.owner.id,
							sessionTypeId: world.rankgun.sessionTypes[0].id,
							title: "Far",
							scheduledStartAt: 9999999000,
							scheduledEndAt: 10000000000,
						},
					});
					expect(response.status).to.equal(201);
				});

				it("answers 400 when the end is before the start", () => {
					const world = newWorld();
					const start = now() + 3600;
					expectError(
						call(world, "POST", "/api/sessions", {
							body: {
								actorRobloxId: world.owner.id,
								sessionTypeId: world.rankgun.sessionTypes[0].id,
								title: "T",
								scheduledStartAt: start,
								scheduledEndAt: start - 60,
							},
						}),
						400,
						"INVALID_TIMESTAMP",
					);
				});

				it("answers 400 once the workspace holds its cap of sessions, whatever their status", () => {
					const world = newWorld({ sessionCap: 2 });
					seedSession(world, 100);
					world.rankgun.addSession({ title: "Old", type: "Training", status: "completed", scheduledStartAt: now() - 9000 });
					const start = now() + 3600;
					const body = expectError(
						call(world, "POST", "/api/sessions", {
							body: {
								actorRobloxId: world.owner.id,
								sessionTypeId: world.rankgun.sessionTypes[0].id,
								title: "T",
								scheduledStartAt: start,
								scheduledEndAt: start + 60,
							},
						}),
						400,
						"SESSION_LIMIT_REACHED",
					);
					expect(contains(body.error, "2 sessions")).to.equal(true);
					expect(world.rankgun.sessions.size()).to.equal(2);
				});

				it("caps a workspace at 10,000 sessions by default", () => {
					expect(newWorld().rankgun.sessionCap).to.equal(10000);
				});
			});
		});
	}
};
