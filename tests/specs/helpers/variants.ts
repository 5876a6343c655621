// Running a spec's whole body against each answer a service could give where its docs are
// silent. The emulator follows the docs by default (DOCS_EXACT); a variant switches some of its
// named behaviours on for one describe block (the served emulator's, and those of any emulator a
// virtual-time spec builds meanwhile), and switches them back after.
import type { HyraBehaviours } from "../../emulator/hyra";
import type { RankGunBehaviours } from "../../emulator/rankgun";
import { Harness } from "./harness";

export interface Variant {
	readonly name: string;
	readonly rankgun: Partial<RankGunBehaviours>;
	readonly hyra?: Partial<HyraBehaviours>;
}

export const DOCS_EXACT: Variant = { name: "docs-exact", rankgun: {} };

/** The docs, and each undocumented answer RankBridge must cope with. */
export const RANKGUN_VARIANTS: ReadonlyArray<Variant> = [
	DOCS_EXACT,
	{ name: "errors with codes", rankgun: { errorCodes: true } },
	{ name: "throttling as 403", rankgun: { throttleAs403: true } },
	{ name: "rank answers without ranks", rankgun: { omitRankFields: true } },
	{ name: "workspace without the fields read", rankgun: { omitWorkspaceFields: true } },
];

/** Hyra's emulator as it answers by default, and each other answer its silent docs allow. */
export const HYRA_VARIANTS: ReadonlyArray<Variant> = [DOCS_EXACT, { name: "failures as 200", rankgun: {}, hyra: { failuresAs200: true } }];

/** The docs, and errors with codes: for specs of the emulator's own error answers. */
export const CODE_VARIANTS: ReadonlyArray<Variant> = [DOCS_EXACT, RANKGUN_VARIANTS[1]];

let current: Variant = DOCS_EXACT;

/** The variant the running block is under: virtual-time specs build their emulators with it. */
export function currentVariant(): Variant {
	return current;
}

/**
 * The hooks of the describe block a variant runs in. TestEZ binds describe, it and the hooks to
 * the block whose callback is running, so a spec calls this inside its own describe callback:
 *
 *     for (const variant of RANKGUN_VARIANTS) {
 *         describe(`Something [${variant.name}]`, () => {
 *             useVariant(variant, { beforeAll, afterAll });
 *             it(...);
 *         });
 *     }
 */
export interface BlockHooks {
	readonly beforeAll: (body: () => void) => void;
	readonly afterAll: (body: () => void) => void;
}

function use(variant: Variant) {
	current = variant;
	Harness.emulator.rankgun.resetBehaviours();
	Harness.emulator.rankgun.setBehaviours(variant.rankgun);
	Harness.emulator.hyra.resetBehaviours();
	Harness.emulator.hyra.setBehaviours(variant.hyra ?? {});
}

/** The emulator answers as `variant` says for the whole block, and as the docs say after it. */
export function useVariant(variant: Variant, hooks: BlockHooks) {
	hooks.beforeAll(() => use(variant));
	hooks.afterAll(() => use(DOCS_EXACT));
}

/**
 * How GroupService's reads answer. Roblox documents them as web calls that yield
 * (https://create.roblox.com/docs/reference/engine/classes/GroupService#GetGroupsAsync); an engine
 * may still answer one from a cache without yielding. The library must keep its order either way,
 * so the game specs run under both.
 */
export type WebReads = "yield" | "instant";
export const WEB_READS: ReadonlyArray<WebReads> = ["yield", "instant"];

let webReads: WebReads = "yield";

/** How the running block's GroupService reads answer (EmulatorGroups and the harness's GroupService). */
export function currentWebReads(): WebReads {
	return webReads;
}

function setWebReads(mode: WebReads) {
	webReads = mode;
	Harness.setWebReads(mode);
}

/** GroupService reads answer as `mode` says for the whole block, and yield again after it. */
export function useWebReads(mode: WebReads, hooks: BlockHooks) {
	hooks.beforeAll(() => setWebReads(mode));
	hooks.afterAll(() => setWebReads("yield"));
}

/**
 * How long each server's GroupService answers a member's rank from its cache. Roblox does not
 * say whether GetGroupsAsync is cached, or for how long
 * (https://create.roblox.com/docs/reference/engine/classes/GroupService#GetGroupsAsync): specs of
 * rank reads run fresh (0) and cached.
 */
export const GROUP_CACHES: ReadonlyArray<number> = [0, 30];

let groupCache = 0;

/** Seconds each simulated server's GroupService caches a rank for, in the running block. */
export function currentGroupCache(): number {
	return groupCache;
}

/** Simulated servers built in the block cache rank reads for `seconds` (0: fresh), and read fresh after it. */
export function useGroupCache(seconds: number, hooks: BlockHooks) {
	hooks.beforeAll(() => (groupCache = seconds));
	hooks.afterAll(() => (groupCache = 0));
}
