// All 18 documented RankGun endpoints through the public API, each checked the same ways: it
// sends its documented request and resolves; and the refusals every endpoint documents (no
// key 401, bad key 403, deactivated workspace 403, deleted workspace 404, server errors 5xx)
// come back as their kinds.
import RankBridge from "../../../src";
import type { RankBridgeConfig } from "../../../src/config";
import type { World } from "../../emulator";
import { liveWorld, member } from "../helpers/bridges";
import { Harness } from "../helpers/harness";
import { contains, emulatorNow, logMark, rejection, sentSince } from "./support";
import { RANKGUN_VARIANTS, useVariant } from "../helpers/variants";

const ErrorKind = RankBridge.ErrorKind;
const HOUR = 3600;

interface Fixture {
	world: World;
	rankgun: RankBridge;
	scheduled: string;
	running: string;
	onSession: number;
	tracked: number;
	centreRank: string;
	form: string;
	trainingType: string;
}

/** An Elite workspace with something behind every endpoint, and a bridge acting as its owner. */
function fixture(config: Partial<RankBridgeConfig> = {}): Fixture {
	const { world, bridge } = liveWorld({ rankgun: { tier: "elite" } });
	const now = emulatorNow();
	const onSession = member(world, "Private1").id;
	const tracked = member(world, "Sergeant1").id;
	const scheduled = world.rankgun.addSession({
		title: "Later",
		type: "Training",
		scheduledStartAt: now + HOUR,
		participants: [{ robloxId: onSession }],
	});
	const running = world.rankgun.addSession({ title: "Now", type: "Rally", status: "in_progress", scheduledStartAt: now - 600 });
	world.rankgun.setActivity({ robloxId: tracked, totalTimeSeconds: 600 });
	const centreRank = world.rankgun.addCentreRank({ rankId: 20, gamepassId: 81000102 });
	const form = world.rankgun.addForm({ name: "Corporal Application", targetRankId: 20 });
	return {
		world,
		rankgun: bridge({ actor: world.owner.id, ...config }),
		scheduled: scheduled.id,
		running: running.id,
		onSession,
		tracked,
		centreRank: centreRank.id,
		form: form.id,
		trainingType: world.rankgun.sessionTypes[0].id,
	};
}

interface Endpoint {
	/** What the game calls. */
	call: string;
	method: string;
	path: (f: Fixture) => string;
	run: (f: Fixture) => Promise<unknown>;
}

const ENDPOINTS: ReadonlyArray<Endpoint> = [
	{ call: "workspace", method: "GET", path: () => "/api/workspace", run: (f) => f.rankgun.workspace() },
	{ call: "promote", method: "POST", path: () => "/api/roblox/promote", run: (f) => f.rankgun.promote(member(f.world, "Recruit1").id) },
	{ call: "demote", method: "POST", path: () => "/api/roblox/demote", run: (f) => f.rankgun.demote(member(f.world, "Corporal1").id) },
	{ call: "setRank", method: "POST", path: () => "/api/roblox/setrank", run: (f) => f.rankgun.setRank(member(f.world, "Officer1").id, 30) },
	{ call: "sessions.list", method: "GET", path: () => "/api/sessions", run: (f) => f.rankgun.sessions.list() },
	{ call: "sessions.upcoming", method: "GET", path: () => "/api/sessions/upcoming", run: (f) => f.rankgun.sessions.upcoming() },
	{ call: "sessions.types", method: "GET", path: () => "/api/sessions/types", run: (f) => f.rankgun.sessions.types() },
	{ call: "sessions.get", method: "GET", path: (f) => `/api/sessions/${f.scheduled}`, run: (f) => f.rankgun.sessions.get(f.scheduled) },
	{
		call: "sessions.create",
		method: "POST",
		path: () => "/api/sessions",
		run: (f) => {
			const start = emulatorNow() + 2 * HOUR;
			return f.rankgun.sessions.create({ sessionTypeId: f.trainingType, title: "New", scheduledStartAt: start, scheduledEndAt: start + HOUR });
		},
	},
	{
		call: "sessions.complete",
		method: "PATCH",
		path: (f) => `/api/sessions/${f.running}/status`,
		run: (f) => f.rankgun.sessions.complete(f.running),
	},
	{
		call: "sessions.addParticipant",
		method: "POST",
		path: (f) => `/api/sessions/${f.scheduled}/participants`,
		run: (f) => f.rankgun.sessions.addParticipant(f.scheduled, member(f.world, "Corporal1").id),
	},
	{
		call: "sessions.updateParticipant",
		method: "PATCH",
		path: (f) => `/api/sessions/${f.scheduled}/participants/${f.onSession}`,
		run: (f) => f.rankgun.sessions.updateParticipant(f.scheduled, f.onSession, { attendanceStatus: "confirmed" }),
	},
	{ call: "activity.user", method: "GET", path: (f) => `/api/activity/users/${f.tracked}`, run: (f) => f.rankgun.activity.user(f.tracked) },
	{ call: "activity.leaderboard", method: "GET", path: () => "/api/activity/leaderboard", run: (f) => f.rankgun.activity.leaderboard() },
	{ call: "rankingCentre.list", method: "GET", path: () => "/api/ranking-centre", run: (f) => f.rankgun.rankingCentre.list() },
	{
		call: "rankingCentre.get",
		method: "GET",
		path: (f) => `/api/ranking-centre/ranks/${f.centreRank}`,
		run: (f) => f.rankgun.rankingCentre.get(f.centreRank),
	},
	{ call: "applications.list", method: "GET", path: () => "/api/applications", run: (f) => f.rankgun.applications.list() },
	{ call: "applications.get", method: "GET", path: (f) => `/api/applications/forms/${f.form}`, run: (f) => f.rankgun.applications.get(f.form) },
];

/** True if a request since `mark` was `method` to exactly `path` (query aside). */
function sent(mark: number, method: string, path: string): boolean {
	const url = `${Harness.emulatorUrl}${path}`;
	return sentSince(mark).some((request) => request.Method === method && (request.Url === url || request.Url.sub(1, url.size() + 1) === `${url}?`));
}

export = () => {
	for (const variant of RANKGUN_VARIANTS) {
		describe(`RankGun [${variant.name}]`, () => {
			useVariant(variant, { beforeAll, afterAll });
			afterEach(() => {
				Harness.setSecret("EmptyKey", undefined);
				Harness.emulator.faults.clear();
			});

			it("covers the 18 documented endpoints, each once", () => {
				const f = fixture();
				const routes = new Set<string>();
				for (const endpoint of ENDPOINTS) routes.add(`${endpoint.method} ${endpoint.path(f)}`);
				expect(routes.size()).to.equal(18);
			});

			for (const endpoint of ENDPOINTS) {
				describe(`RankGun endpoint ${endpoint.method} via ${endpoint.call}`, () => {
					it("sends its documented request and resolves", () => {
						const f = fixture();
						const mark = logMark();
						const [ok, value] = endpoint.run(f).await();
						expect(ok).to.equal(true);
						expect(sent(mark, endpoint.method, endpoint.path(f))).to.equal(true);
						expect(value).to.be.ok();
					});

					it("rejects with InvalidKey when no key reaches RankGun (401)", () => {
						Harness.setSecret("EmptyKey", "");
						const failure = rejection(endpoint.run(fixture({ apiKey: undefined, secret: "EmptyKey" })));
						expect(failure.kind).to.equal(ErrorKind.InvalidKey);
						expect(failure.status).to.equal(401);
					});

					it("rejects with InvalidKey a key RankGun does not know (403)", () => {
						const f = fixture();
						f.world.rankgun.regenerateKey();
						const failure = rejection(endpoint.run(f));
						expect(failure.kind).to.equal(ErrorKind.InvalidKey);
						expect(failure.status).to.equal(403);
					});

					it("rejects with Forbidden when the workspace is deactivated (403)", () => {
						const f = fixture();
						f.world.rankgun.setActive(false);
						const failure = rejection(endpoint.run(f));
						expect(failure.kind).to.equal(ErrorKind.Forbidden);
						expect(contains(failure.message, "deactivated")).to.equal(true);
					});

					it("rejects with NotFound when the workspace is gone (404)", () => {
						const f = fixture();
						f.world.rankgun.remove();
						const failure = rejection(endpoint.run(f));
						expect(failure.kind).to.equal(ErrorKind.NotFound);
						expect(failure.status).to.equal(404);
					});

					it("rejects with Transient when RankGun keeps failing (500), having retried", () => {
						const f = fixture({ retry: { maxAttempts: 2, baseDelay: 0.01, maxDelay: 0.02 } });
						Harness.emulator.fault({ kind: "serverError", service: "rankgun", count: 100 });
						const mark = logMark();
						const failure = rejection(endpoint.run(f));
						expect(failure.kind).to.equal(ErrorKind.Transient);
						expect(failure.status).to.equal(500);
						expect(sentSince(mark).size() >= 2).to.equal(true);
					});
				});
			}
		});
	}
};
