// What the RankGun emulator does where RankGun's docs are silent. Each switch defaults to what
// the docs show (DOCS_EXACT); a spec turns one on to check RankBridge copes with another answer
// the real service could plausibly give. Sources: https://www.rankgun.works/docs/developing/...
// (APIRefrence is the older overview, APIReference the current one and its endpoint pages).

export interface RankGunBehaviours {
	/**
	 * Every error carries a machine `code`. The older overview documents `{success:false, error}`
	 * only; the Ranking Centre and Application Centre pages document `{success:false, code, error}`
	 * and call the codes stable, so the rest of the API may well send them too. Off: only those
	 * four routes carry codes.
	 */
	errorCodes: boolean;
	/**
	 * Requests over the per-workspace limit are refused with 403 "Rate limit exceeded" and no
	 * Retry-After. The docs say excess requests are "throttled" without a status; 403 is the one
	 * status they give for a spent limit (the monthly one). Off: 429 with Retry-After, the usual
	 * HTTP way to throttle.
	 */
	throttleAs403: boolean;
	/**
	 * Promote, demote and set-rank answer `{success:true}` without oldRank, newRank and username.
	 * Those pages show the fields only in an example; there is no field table to promise them.
	 */
	omitRankFields: boolean;
	/**
	 * GET /api/workspace leaves out workspace.groupId, usage.ranksThisMonth, usage.usageResetAt
	 * and limits.maxRanksPerMonth, the fields RankBridge reads. They appear in the page's example;
	 * a plan without a monthly cap, or a trimmed answer, could lack them.
	 */
	omitWorkspaceFields: boolean;
	/**
	 * Application forms carry `isPublic`. Not on the list-forms page, but earlier versions of
	 * RankGun's own Application Centre read it, so the service sent it at some point.
	 */
	formIsPublic: boolean;
	/**
	 * Once the month's rank actions are spent, the activity reads are refused too (403). Their
	 * pages list "monthly limit exceeded" among their 403s, though only the rank pages say a call
	 * counts against the quota. Off: reads are never refused for the quota.
	 */
	quotaBlocksActivity: boolean;
}

export const DOCS_EXACT: Readonly<RankGunBehaviours> = {
	errorCodes: false,
	throttleAs403: false,
	omitRankFields: false,
	omitWorkspaceFields: false,
	formIsPublic: false,
	quotaBlocksActivity: false,
};
