// GET /logs/{token}: rank log entries, newest first, 20 a page, `index` = id to start after.
import { jsonResponse, Router } from "../http";
import { JsonValue } from "../json";
import { firestoreTimestamp } from "./clock";
import type { HyraService } from "./index";
import { tokenFailure } from "./replies";

const PAGE_SIZE = 20;

export function addLogRoutes(router: Router, service: HyraService) {
	router.add("GET", "/logs/:token", ({ request, params }) => {
		const record = service.findToken(params.token);
		if (!record) return tokenFailure(401, "Invalid token");
		const entries = record.logs();
		let start = 0;
		const index = request.query.index;
		if (index !== undefined && index !== "") {
			const at = entries.findIndex((entry) => entry.id === index);
			// Not documented: an index naming no entry of this token is refused.
			if (at === -1) return tokenFailure(404, "No log entry with that index");
			start = at + 1;
		}
		const data = new Array<JsonValue>();
		for (let i = start; i < math.min(start + PAGE_SIZE, entries.size()); i++) {
			const entry = entries[i];
			data.push({
				id: entry.id,
				data: {
					country: entry.country,
					date: firestoreTimestamp(entry.date),
					groupId: entry.groupId,
					ip: entry.ip,
					rankId: entry.rankId,
					ray: entry.ray,
					type: entry.type,
					user: tostring(entry.user),
				},
			});
		}
		return jsonResponse(200, { success: true, data, length: data.size() });
	});
}
