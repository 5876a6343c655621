// bridge.activity, bridge.rankingCentre and bridge.applications against the emulator over HTTP.
import RankBridge from "../../../src";
import { liveWorld, member } from "../helpers/bridges";
import { Harness } from "../helpers/harness";
import { contains, emulatorNow, logMark, rejection } from "./support";
import { RANKGUN_VARIANTS, useVariant } from "../helpers/variants";

const ErrorKind = RankBridge.ErrorKind;

export = () => {
	for (const variant of RANKGUN_VARIANTS) {
		describe(`RankGun [${variant.name}]`, () => {
			useVariant(variant, { beforeAll, afterAll });
			describe("RankGun activity when the month's rank actions are spent", () => {
				// RankGun's activity pages list "monthly limit exceeded" among their 403s.
				beforeEach(() => Harness.emulator.rankgun.setBehaviours({ quotaBlocksActivity: true }));
				afterEach(() => Harness.emulator.rankgun.setBehaviours({ quotaBlocksActivity: false }));

				it("reports a read refused for the spent quota as such, once /api/workspace confirms it, and parks nothing", () => {
					const { bridge } = liveWorld({ rankgun: { tier: "elite", ranksThisMonth: 20000 } });
					const rankgun = bridge();
					const failure = rejection(rankgun.activity.leaderboard());
					expect(failure.status).to.equal(403);
					expect(failure.kind).to.equal(variant.rankgun.omitWorkspaceFields ? ErrorKind.Forbidden : ErrorKind.QuotaExhausted);
					expect(rankgun.status().parked).to.equal(0);
				});
			});

			describe("RankGun activity.user", () => {
				it("gives one member's tracked time, in seconds", () => {
					const { world, bridge } = liveWorld({ rankgun: { tier: "elite" } });
					const user = member(world, "Sergeant1");
					const now = emulatorNow();
					world.rankgun.setActivity({
						robloxId: user.id,
						totalTimeSeconds: 18402,
						timeThisPeriod: 540,
						streakDays: 4,
						isOnline: true,
						lastPingAt: now - 30,
					});
					const activity = bridge().activity.user(user.id).expect();
					expect(activity.robloxId).to.equal(user.id);
					expect(activity.robloxUsername).to.equal("Sergeant1");
					expect(activity.totalTimeSeconds).to.equal(18402);
					expect(activity.timeThisPeriod).to.equal(540);
					expect(activity.streakDays).to.equal(4);
					expect(activity.isOnline).to.equal(true);
					expect(activity.lastPingAt).to.equal(now - 30);
				});

				it("rejects with NotFound a user with no activity record", () => {
					const { world, bridge } = liveWorld();
					const failure = rejection(bridge().activity.user(member(world, "Private1").id));
					expect(failure.kind).to.equal(ErrorKind.NotFound);
					expect(failure.status).to.equal(404);
				});

				it("refuses a user id that is not one before any request", () => {
					const { bridge } = liveWorld();
					const activity = bridge().activity;
					const mark = logMark();
					expect(rejection(activity.user(0)).kind).to.equal(ErrorKind.InvalidRequest);
					expect(rejection(activity.user("me" as never)).kind).to.equal(ErrorKind.InvalidRequest);
					expect(logMark()).to.equal(mark);
				});
			});

			describe("RankGun activity.leaderboard", () => {
				it("ranks members by tracked time, most first, up to the limit", () => {
					const { world, bridge } = liveWorld({ rankgun: { tier: "elite" } });
					world.rankgun.setActivity({ robloxId: member(world, "Private1").id, totalTimeSeconds: 100, timeThisPeriod: 90 });
					world.rankgun.setActivity({
						robloxId: member(world, "Officer1").id,
						totalTimeSeconds: 900,
						timeThisPeriod: 10,
						isOnline: true,
						streakDays: 3,
					});
					world.rankgun.setActivity({ robloxId: member(world, "Recruit1").id, totalTimeSeconds: 500, timeThisPeriod: 50 });
					const activity = bridge().activity;
					const board = activity.leaderboard({ period: "all", limit: 2 }).expect();
					expect(board.period).to.equal("all");
					expect(board.limit).to.equal(2);
					expect(board.leaderboard.size()).to.equal(2);
					expect(board.leaderboard[0].rank).to.equal(1);
					expect(board.leaderboard[0].robloxId).to.equal(member(world, "Officer1").id);
					expect(board.leaderboard[0].robloxUsername).to.equal("Officer1");
					expect(board.leaderboard[0].timeSeconds).to.equal(900);
					expect(board.leaderboard[0].isOnline).to.equal(true);
					expect(board.leaderboard[0].streakDays).to.equal(3);
					expect(board.leaderboard[1].robloxId).to.equal(member(world, "Recruit1").id);
					const everyone = activity.leaderboard().expect();
					expect(everyone.leaderboard.size()).to.equal(3);
				});

				it("rejects a period RankGun does not know with InvalidRequest", () => {
					const { bridge } = liveWorld();
					const failure = rejection(bridge().activity.leaderboard({ period: "fortnight" }));
					expect(failure.kind).to.equal(ErrorKind.InvalidRequest);
					expect(failure.status).to.equal(400);
				});

				it("refuses a limit that is not a positive whole number, or a period that is not text, before any request", () => {
					const { bridge } = liveWorld();
					const activity = bridge().activity;
					const mark = logMark();
					expect(rejection(activity.leaderboard({ limit: 0 })).kind).to.equal(ErrorKind.InvalidRequest);
					expect(rejection(activity.leaderboard({ period: 7 as never })).kind).to.equal(ErrorKind.InvalidRequest);
					expect(logMark()).to.equal(mark);
				});
			});

			describe("RankGun rankingCentre", () => {
				it("lists the gamepass rank rewards and gets one by its id", () => {
					const { world, bridge } = liveWorld({ rankgun: { tier: "elite" } });
					const pass = world.rankgun.addCentreRank({
						rankId: 20,
						gamepassId: 81000102,
						header: "Corporal Pass",
						body: "Join as a Corporal.",
					});
					world.rankgun.addCentreRank({ rankId: 30, gamepassId: 81000103, isActive: false });
					const centre = bridge().rankingCentre;
					const ranks = centre.list().expect();
					expect(ranks.size()).to.equal(2);
					expect(ranks[0].id).to.equal(pass.id);
					expect(ranks[0].header).to.equal("Corporal Pass");
					expect(ranks[0].rankId).to.equal(20);
					expect(ranks[0].rankName).to.equal("Corporal");
					expect(ranks[0].gamepassId).to.equal(81000102);
					expect(ranks[0].gamepassLink).to.equal("https://www.roblox.com/game-pass/81000102");
					expect(ranks[1].isActive).to.equal(false);
					const one = centre.get(pass.id).expect();
					expect(one.id).to.equal(pass.id);
					expect(one.body).to.equal("Join as a Corporal.");
				});

				it("gives an empty list when there are no rewards", () => {
					const { bridge } = liveWorld({ rankgun: { tier: "elite" } });
					expect(bridge().rankingCentre.list().expect().size()).to.equal(0);
				});

				it("rejects with UpgradeRequired on the Free plan, giving the upgrade page", () => {
					const { world, bridge } = liveWorld({ rankgun: { tier: "free" } });
					const centre = bridge().rankingCentre;
					const failure = rejection(centre.list());
					expect(failure.kind).to.equal(ErrorKind.UpgradeRequired);
					expect(failure.status).to.equal(402);
					expect(failure.code).to.equal("ELITE_REQUIRED");
					expect(contains(failure.message, `https://rankgun.works/workspace/${world.rankgun.id}/billing`)).to.equal(true);
					expect(rejection(centre.get("m000000000000000000000000000000x")).kind).to.equal(ErrorKind.UpgradeRequired);
				});

				it("rejects with NotFound an id that names no reward, and with InvalidRequest one that is not an id", () => {
					const { bridge } = liveWorld({ rankgun: { tier: "elite" } });
					const centre = bridge().rankingCentre;
					expect(rejection(centre.get("m000000000000000000000000000000x")).kind).to.equal(ErrorKind.NotFound);
					const malformed = rejection(centre.get("50"));
					expect(malformed.kind).to.equal(ErrorKind.InvalidRequest);
					expect(malformed.code).to.equal("INVALID_RANK_ID");
				});
			});

			describe("RankGun applications", () => {
				it("lists the application forms on any plan and gets one with its questions", () => {
					const { world, bridge } = liveWorld({ rankgun: { tier: "free" } });
					const form = world.rankgun.addForm({
						name: "Corporal Application",
						description: "Answer correctly to be ranked Corporal.",
						targetRankId: 20,
						passPercentage: 70,
						questions: [
							{ questionText: "Where do rallies take place?", correctAnswer: "HQ", incorrectAnswers: ["Spawn", "The lobby"] },
							{ questionText: "May you team-kill?", correctAnswer: "No", incorrectAnswers: ["Yes"], points: 2 },
						],
					});
					const applications = bridge().applications;
					const forms = applications.list().expect();
					expect(forms.size()).to.equal(1);
					expect(forms[0].id).to.equal(form.id);
					expect(forms[0].name).to.equal("Corporal Application");
					expect(forms[0].targetRankId).to.equal(20);
					expect(forms[0].targetRankName).to.equal("Corporal");
					expect(forms[0].passPercentage).to.equal(70);
					expect(forms[0].questionCount).to.equal(2);
					expect(forms[0].maxSubmissions).to.equal(undefined);
					expect(forms[0].questions).to.equal(undefined);
					const detail = applications.get(form.id).expect();
					expect(detail.questions?.size()).to.equal(2);
					expect(detail.questions?.[0].questionText).to.equal("Where do rallies take place?");
					expect(detail.questions?.[0].correctAnswer).to.equal("HQ");
					expect(detail.questions?.[0].incorrectAnswers.join(",")).to.equal("Spawn,The lobby");
					expect(detail.questions?.[1].order).to.equal(2);
				});

				it("gives an empty list when there are no forms", () => {
					const { bridge } = liveWorld();
					expect(bridge().applications.list().expect().size()).to.equal(0);
				});

				it("rejects with NotFound an id that names no form, and with InvalidRequest one that is not an id", () => {
					const { bridge } = liveWorld();
					const applications = bridge().applications;
					expect(rejection(applications.get("n000000000000000000000000000000x")).kind).to.equal(ErrorKind.NotFound);
					const malformed = rejection(applications.get("form-1"));
					expect(malformed.kind).to.equal(ErrorKind.InvalidRequest);
					expect(malformed.code).to.equal("INVALID_FORM_ID");
				});

				it("refuses an empty id before any request", () => {
					const { bridge } = liveWorld();
					const rankgun = bridge();
					const mark = logMark();
					expect(rejection(rankgun.applications.get("")).kind).to.equal(ErrorKind.InvalidRequest);
					expect(rejection(rankgun.rankingCentre.get(" ")).kind).to.equal(ErrorKind.InvalidRequest);
					expect(logMark()).to.equal(mark);
				});

				it("refuses a form or reward id that is not one path segment before any request, saying what to fix", () => {
					const { bridge } = liveWorld();
					const rankgun = bridge();
					const mark = logMark();
					for (const id of ["..", ".", "forms/n1", "n1?x=1", "n1#top", "%6e1"]) {
						const form = rejection(rankgun.applications.get(id));
						expect(form.kind).to.equal(ErrorKind.InvalidRequest);
						expect(contains(form.message, "formId")).to.equal(true);
						expect(rejection(rankgun.rankingCentre.get(id)).kind).to.equal(ErrorKind.InvalidRequest);
					}
					expect(contains(rejection(rankgun.applications.get("forms/n1")).message, "not a URL or path")).to.equal(true);
					expect(logMark()).to.equal(mark);
				});
			});
		});
	}
};
