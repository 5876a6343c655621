import { ServiceName } from "./faults";
import { Router } from "./http";
import { IdSource } from "./ids";
import { RobloxWorld } from "./roblox";

/** What every service emulator shares. */
export interface EmulatorContext {
	readonly roblox: RobloxWorld;
	readonly ids: IdSource;
	/** Unix seconds (fractional) on the emulator's clock. */
	readonly now: () => number;
}

export interface Service {
	readonly name: ServiceName;
	readonly router: Router;
}
