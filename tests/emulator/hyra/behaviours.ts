// What the Hyra emulator does where Hyra's docs are silent. Hyra documents only success bodies
// for ranking.hyra.io (https://github.com/hyra-io/developer-docs/blob/fff9dcabc487/ranking/all-endpoints.md),
// so how a failure looks on the wire is the emulator's choice (replies.ts); each switch here is
// another answer the real service could plausibly give, for specs to run RankBridge under.

export interface HyraBehaviours {
	/**
	 * Every failure the service itself gives (not a fault a spec arms) comes back with status 200
	 * and the body's `Success`/`success` false. The introduction calls the API callback-based
	 * ("you always know" whether a call worked) and shows `Success` in every body, which an API
	 * answering 200 to everything would need. Off: 400, 401, 403, 404 and 429 as replies.ts says.
	 */
	failuresAs200: boolean;
}

export const HYRA_DEFAULTS: Readonly<HyraBehaviours> = {
	failuresAs200: false,
};
