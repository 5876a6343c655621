import { Scheduler } from "../core/scheduler";

/** What a bridge hands the features it turns on, besides itself. */
export interface FeatureContext {
	/** The bridge's clock, so polling and cooldowns follow virtual time in tests. */
	readonly scheduler: Scheduler;
	/** config.actor, the default user session changes are attributed to. */
	readonly defaultActor?: number;
}
