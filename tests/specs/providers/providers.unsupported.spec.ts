// What the Hyra and Open Cloud providers cannot do: their capabilities, and every RankGun-only
// feature rejecting with Unsupported and naming the provider; plus their config checks.
import RankBridge from "../../../src";
import { hyraWorld, openCloudWorld } from "../helpers/providerBridges";
import { contains, rejection } from "../helpers/rejection";

const ERRORS = RankBridge.ErrorKind;

function constructionError(build: () => unknown): { kind: string; message: string } {
	const [ok, raised] = pcall(build);
	if (ok) error("expected the constructor to throw");
	return raised as { kind: string; message: string };
}

export = () => {
	const cases: Array<[string, () => RankBridge]> = [
		["Hyra", () => hyraWorld().bridge()],
		["Open Cloud", () => openCloudWorld().bridge()],
	];

	for (const [name, build] of cases) {
		describe(name, () => {
			it("rejects sessions, activity, Ranking Centre, applications and workspace with Unsupported, naming the provider", () => {
				const bridge = build();
				const calls = [
					bridge.sessions.list(),
					bridge.sessions.upcoming(),
					bridge.sessions.create({
						actor: 1,
						sessionTypeId: "t",
						title: "Training",
						scheduledStartAt: 1_767_225_600,
						scheduledEndAt: 1_767_229_200,
					}),
					bridge.sessions.start("s1", { actor: 1 }),
					bridge.sessions.markAttended("s1", 1, { actor: 1 }),
					bridge.activity.user(1),
					bridge.activity.leaderboard(),
					bridge.rankingCentre.list(),
					bridge.applications.list(),
					bridge.workspace(),
				];
				for (const call of calls) {
					const failure = rejection(call);
					expect(failure.kind).to.equal(ERRORS.Unsupported);
					expect(contains(failure.message, name)).to.equal(true);
				}
			});
		});
	}

	it("reports each provider's capabilities", () => {
		const hyra = hyraWorld().bridge().capabilities;
		expect(hyra.messaging).to.equal(true);
		expect(hyra.logs).to.equal(true);
		expect(hyra.roles).to.equal(false);
		const cloud = openCloudWorld().bridge().capabilities;
		expect(cloud.roles).to.equal(true);
		expect(cloud.messaging).to.equal(false);
		expect(cloud.logs).to.equal(false);
		for (const capabilities of [hyra, cloud]) {
			expect(capabilities.relativeRanking).to.equal(false);
			expect(capabilities.sessions).to.equal(false);
			expect(capabilities.activity).to.equal(false);
			expect(capabilities.rankingCentre).to.equal(false);
			expect(capabilities.applications).to.equal(false);
			expect(capabilities.workspace).to.equal(false);
		}
	});

	describe("config", () => {
		it("Hyra needs token and groupId", () => {
			const noToken = constructionError(() => new RankBridge({ provider: "hyra", groupId: 1, bindToClose: false, stores: false }));
			expect(noToken.kind).to.equal(ERRORS.InvalidRequest);
			expect(contains(noToken.message, "token")).to.equal(true);
			const noGroup = constructionError(() => new RankBridge({ provider: "hyra", token: "abc", bindToClose: false, stores: false }));
			expect(noGroup.kind).to.equal(ERRORS.InvalidRequest);
			expect(contains(noGroup.message, "groupId")).to.equal(true);
		});

		it("Open Cloud needs groupId and a secret", () => {
			const noGroup = constructionError(
				() => new RankBridge({ provider: "opencloud", secret: "OpenCloudKey", bindToClose: false, stores: false }),
			);
			expect(noGroup.kind).to.equal(ERRORS.InvalidRequest);
			const noKey = constructionError(() => new RankBridge({ provider: "opencloud", groupId: 1, bindToClose: false, stores: false }));
			expect(noKey.kind).to.equal(ERRORS.InvalidRequest);
			expect(contains(noKey.message, "secret")).to.equal(true);
		});

		it("botUserId must be a user id", () => {
			const wrong = constructionError(
				() =>
					new RankBridge({
						provider: "hyra",
						token: "abc",
						groupId: 1,
						botUserId: "bot" as unknown as number,
						bindToClose: false,
						stores: false,
					}),
			);
			expect(wrong.kind).to.equal(ERRORS.InvalidRequest);
			expect(contains(wrong.message, "botUserId")).to.equal(true);
		});
	});
};
