// RankGun emulator: Ranking Centre (Elite) and Application Centre reads.
import type { World } from "../../emulator";
import { Harness } from "../helpers/harness";
import { call, expectCodedError, newWorld } from "./rankgunApi";

interface CentreHeader {
	id: string;
	groupId: number;
	tier: string;
}

interface CentreRankBody {
	id: string;
	header: string;
	body: string;
	rankId: number;
	rankName: string;
	gamepassId: number;
	gamepassLink: string;
	isActive: boolean;
	createdAt: number;
	updatedAt: number;
}

interface FormBody {
	id: string;
	name: string;
	description: string;
	isActive: boolean;
	targetRankId: number;
	targetRankName: string;
	passPercentage: number;
	cooldownHours: number;
	maxSubmissions?: number;
	questionCount: number;
	createdAt: number;
	updatedAt: number;
	questions?: Array<{
		id: string;
		order: number;
		questionText: string;
		questionType: string;
		isRequired: boolean;
		correctAnswer: string;
		incorrectAnswers: Array<string>;
		points: number;
	}>;
}

const WELL_FORMED_UNKNOWN_ID = "m0000000000000000000000000000000";

function contains(text: string, part: string): boolean {
	return text.find(part, 1, true)[0] !== undefined;
}

function expectHeader(world: World, header: CentreHeader) {
	if (header.id !== world.rankgun.id || header.groupId !== world.group.id || header.tier !== world.rankgun.tier) {
		error(`workspace header ${header.id}/${header.groupId}/${header.tier} does not match the world`, 2);
	}
}

export = () => {
	beforeEach(() => Harness.resetHttpBudget());

	describe("RankGun emulator Ranking Centre", () => {
		it("answers 402 ELITE_REQUIRED with an upgradeUrl to the workspace's billing page on Free", () => {
			const world = newWorld({ tier: "free", centreRanks: [{ rankId: 10, gamepassId: 111 }] });
			const body = expectCodedError(call(world, "GET", "/api/ranking-centre"), 402, "ELITE_REQUIRED");
			expect(body.upgradeUrl).to.equal(`https://rankgun.works/workspace/${world.rankgun.id}/billing`);
			const one = expectCodedError(call(world, "GET", `/api/ranking-centre/ranks/${world.rankgun.centreRanks[0].id}`), 402, "ELITE_REQUIRED");
			expect(one.upgradeUrl).to.equal(body.upgradeUrl);
		});

		it("lists the ranks on Elite as {workspace, ranks} with no success field", () => {
			const world = newWorld({
				tier: "elite",
				centreRanks: [
					{ rankId: 20, gamepassId: 222, header: "Corporal pass", body: "Skip the grind" },
					{ rankId: 30, gamepassId: 333, isActive: false },
				],
			});
			const response = call(world, "GET", "/api/ranking-centre");
			expect(response.status).to.equal(200);
			expect(contains(response.body, '"success"')).to.equal(false);
			const body = response.json as { workspace: CentreHeader; ranks: Array<CentreRankBody> };
			expectHeader(world, body.workspace);
			expect(body.ranks.size()).to.equal(2);
			const rank = body.ranks[0];
			expect(rank.id).to.equal(world.rankgun.centreRanks[0].id);
			expect(rank.header).to.equal("Corporal pass");
			expect(rank.body).to.equal("Skip the grind");
			expect(rank.rankId).to.equal(20);
			expect(rank.rankName).to.equal("Corporal");
			expect(rank.gamepassId).to.equal(222);
			expect(contains(rank.gamepassLink, "222")).to.equal(true);
			expect(rank.isActive).to.equal(true);
			expect(typeIs(rank.createdAt, "number") && typeIs(rank.updatedAt, "number")).to.equal(true);
			expect(body.ranks[1].isActive).to.equal(false);
		});

		it("answers ranks: [] for an Elite workspace with none", () => {
			const response = call(newWorld({ tier: "elite" }), "GET", "/api/ranking-centre");
			expect(response.status).to.equal(200);
			expect(contains(response.body, '"ranks":[]')).to.equal(true);
		});

		it("gets one rank by its id as {workspace, rank}", () => {
			const world = newWorld({
				tier: "elite",
				centreRanks: [
					{ rankId: 10, gamepassId: 111 },
					{ rankId: 20, gamepassId: 222 },
				],
			});
			const id = world.rankgun.centreRanks[1].id;
			const response = call(world, "GET", `/api/ranking-centre/ranks/${id}`);
			expect(response.status).to.equal(200);
			expect(contains(response.body, '"success"')).to.equal(false);
			const body = response.json as { workspace: CentreHeader; rank: CentreRankBody };
			expectHeader(world, body.workspace);
			expect(body.rank.id).to.equal(id);
			expect(body.rank.rankId).to.equal(20);
		});

		it("answers 400 INVALID_RANK_ID for an id that is not a Convex id", () => {
			const world = newWorld({ tier: "elite" });
			expectCodedError(call(world, "GET", "/api/ranking-centre/ranks/50"), 400, "INVALID_RANK_ID");
			expectCodedError(call(world, "GET", "/api/ranking-centre/ranks/not-an-id"), 400, "INVALID_RANK_ID");
		});

		it("answers 404 for a well-formed id it does not have", () => {
			expectCodedError(call(newWorld({ tier: "elite" }), "GET", `/api/ranking-centre/ranks/${WELL_FORMED_UNKNOWN_ID}`), 404, "RANK_NOT_FOUND");
		});
	});

	describe("RankGun emulator Application Centre", () => {
		function withForm(tier: "free" | "elite" = "free") {
			return newWorld({
				tier,
				forms: [
					{
						name: "Corporal application",
						description: "Apply for Corporal",
						targetRankId: 20,
						passPercentage: 75,
						cooldownHours: 48,
						questions: [
							{ questionText: "What is rule 1?", correctAnswer: "Respect", incorrectAnswers: ["Run", "Hide"] },
							{ questionText: "Salute?", correctAnswer: "Yes", incorrectAnswers: ["No"], isRequired: false, points: 2 },
						],
					},
					{ name: "Officer application", targetRankId: 100, maxSubmissions: 3, isActive: false },
				],
			});
		}

		it("lists forms on the Free plan too, as {workspace, forms} with no success field", () => {
			const world = withForm("free");
			const response = call(world, "GET", "/api/applications");
			expect(response.status).to.equal(200);
			expect(contains(response.body, '"success"')).to.equal(false);
			const body = response.json as { workspace: CentreHeader; forms: Array<FormBody> };
			expectHeader(world, body.workspace);
			expect(body.forms.size()).to.equal(2);
			const form = body.forms[0];
			expect(form.id).to.equal(world.rankgun.forms[0].id);
			expect(form.name).to.equal("Corporal application");
			expect(form.description).to.equal("Apply for Corporal");
			expect(form.isActive).to.equal(true);
			expect(form.targetRankId).to.equal(20);
			expect(form.targetRankName).to.equal("Corporal");
			expect(form.passPercentage).to.equal(75);
			expect(form.cooldownHours).to.equal(48);
			expect(form.questionCount).to.equal(2);
			expect(form.questions).to.equal(undefined);
			expect(body.forms[1].maxSubmissions).to.equal(3);
			expect(contains(response.body, '"maxSubmissions":null')).to.equal(true);
		});

		it("answers forms: [] when there are none", () => {
			expect(contains(call(newWorld(), "GET", "/api/applications").body, '"forms":[]')).to.equal(true);
		});

		it("gets one form with its questions and answers", () => {
			const world = withForm();
			const id = world.rankgun.forms[0].id;
			const response = call(world, "GET", `/api/applications/forms/${id}`);
			expect(response.status).to.equal(200);
			expect(contains(response.body, '"success"')).to.equal(false);
			const body = response.json as { workspace: CentreHeader; form: FormBody };
			expectHeader(world, body.workspace);
			expect(body.form.id).to.equal(id);
			expect(body.form.questionCount).to.equal(2);
			const questions = body.form.questions!;
			expect(questions.size()).to.equal(2);
			expect(questions[0].order).to.equal(1);
			expect(questions[0].questionText).to.equal("What is rule 1?");
			expect(questions[0].questionType).to.equal("multiple_choice");
			expect(questions[0].isRequired).to.equal(true);
			expect(questions[0].correctAnswer).to.equal("Respect");
			expect(questions[0].incorrectAnswers.join(",")).to.equal("Run,Hide");
			expect(typeIs(questions[0].id, "string")).to.equal(true);
			expect(questions[1].isRequired).to.equal(false);
			expect(questions[1].points).to.equal(2);
		});

		it("answers 400 INVALID_FORM_ID for an id that is not a Convex id", () => {
			expectCodedError(call(withForm(), "GET", "/api/applications/forms/123"), 400, "INVALID_FORM_ID");
		});

		it("answers 404 for a well-formed id it does not have, including another workspace's form", () => {
			const world = withForm();
			const other = withForm();
			expectCodedError(call(world, "GET", `/api/applications/forms/${WELL_FORMED_UNKNOWN_ID}`), 404, "FORM_NOT_FOUND");
			expectCodedError(call(world, "GET", `/api/applications/forms/${other.rankgun.forms[0].id}`), 404, "FORM_NOT_FOUND");
		});
	});
};
