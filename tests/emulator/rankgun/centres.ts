// The Ranking Centre (Elite) and Application Centre reads. Their 200 bodies carry no `success`
// field: they open with `workspace: {id, groupId, tier}`.
import { JsonValue, NULL } from "../json";
import { isConvexId } from "../ids";
import { failure, Failure, ok } from "./responses";
import { Call, RouteTable } from "./routes";
import { ApplicationForm, CentreRank } from "./types";
import { RankGunWorkspace } from "./workspace";

function header(workspace: RankGunWorkspace): JsonValue {
	return { id: workspace.id, groupId: workspace.group.id, tier: workspace.tier };
}

function requireElite(workspace: RankGunWorkspace): Failure | undefined {
	if (workspace.tier === "elite") return undefined;
	return failure(402, "ELITE_REQUIRED", "The Ranking Centre API needs the Elite plan.", {
		upgradeUrl: `https://rankgun.works/workspace/${workspace.id}/billing`,
	});
}

function rankJson(rank: CentreRank): JsonValue {
	return {
		id: rank.id,
		header: rank.header,
		body: rank.body,
		rankId: rank.rankId,
		rankName: rank.rankName,
		gamepassId: rank.gamepassId,
		gamepassLink: `https://www.roblox.com/game-pass/${rank.gamepassId}`,
		isActive: rank.isActive,
		createdAt: rank.createdAt,
		updatedAt: rank.updatedAt,
	};
}

function formSummary(form: ApplicationForm, withIsPublic: boolean): Record<string, JsonValue> {
	const summary: Record<string, JsonValue> = {
		id: form.id,
		name: form.name,
		description: form.description,
		isActive: form.isActive,
		targetRankId: form.targetRankId,
		targetRankName: form.targetRankName,
		passPercentage: form.passPercentage,
		cooldownHours: form.cooldownHours,
		maxSubmissions: form.maxSubmissions ?? NULL,
		questionCount: form.questions.size(),
		createdAt: form.createdAt,
		updatedAt: form.updatedAt,
	};
	if (withIsPublic) summary.isPublic = form.isPublic;
	return summary;
}

// Lists return inactive entries too, with isActive: the field would be pointless otherwise,
// and the official centres filter on it themselves.
function listRanks({ workspace }: Call) {
	const gate = requireElite(workspace);
	if (gate) return gate;
	return ok({ workspace: header(workspace), ranks: workspace.centreRanks.map(rankJson) });
}

function getRank({ workspace, params }: Call) {
	const gate = requireElite(workspace);
	if (gate) return gate;
	if (!isConvexId(params.rankId)) return failure(400, "INVALID_RANK_ID", "rankId is not a valid id.");
	const rank = workspace.centreRanks.find((candidate) => candidate.id === params.rankId);
	// The 404 code is not documented.
	if (!rank) return failure(404, "RANK_NOT_FOUND", "Ranking Centre rank not found.");
	return ok({ workspace: header(workspace), rank: rankJson(rank) });
}

function listForms({ workspace, behaviours }: Call) {
	return ok({ workspace: header(workspace), forms: workspace.forms.map((form) => formSummary(form, behaviours.formIsPublic)) });
}

function getForm({ workspace, params, behaviours }: Call) {
	if (!isConvexId(params.formId)) return failure(400, "INVALID_FORM_ID", "formId is not a valid id.");
	const form = workspace.forms.find((candidate) => candidate.id === params.formId);
	// The 404 code is not documented.
	if (!form) return failure(404, "FORM_NOT_FOUND", "Application form not found.");
	const detail = formSummary(form, behaviours.formIsPublic);
	detail.questions = form.questions.map((question) => ({
		id: question.id,
		order: question.order,
		questionText: question.questionText,
		questionType: question.questionType,
		isRequired: question.isRequired,
		correctAnswer: question.correctAnswer,
		incorrectAnswers: question.incorrectAnswers,
		points: question.points,
	}));
	return ok({ workspace: header(workspace), form: detail });
}

export function addCentreRoutes(routes: RouteTable) {
	routes.api("GET", "/api/ranking-centre", listRanks);
	routes.api("GET", "/api/ranking-centre/ranks/:rankId", getRank);
	routes.api("GET", "/api/applications", listForms);
	routes.api("GET", "/api/applications/forms/:formId", getForm);
}
