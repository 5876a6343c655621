// What a RankGun route handler gets once the key has been checked, and how routes are declared.
import { EmulatorContext } from "../context";
import { EmulatorRequest, EmulatorResponse, Params } from "../http";
import { RankGunBehaviours } from "./behaviours";
import { Failure } from "./responses";
import { RankGunWorkspace } from "./workspace";

export interface Call {
	readonly workspace: RankGunWorkspace;
	readonly request: EmulatorRequest;
	readonly params: Params;
	/** Unix seconds (fractional) on the emulator's clock. */
	readonly now: number;
	readonly context: EmulatorContext;
	readonly behaviours: Readonly<RankGunBehaviours>;
}

/** A handler answers with a response, or with a failure the route's envelope writes. */
export type CallHandler = (call: Call) => EmulatorResponse | Failure;

export interface RouteTable {
	/** A current route; errors carry a code where the docs say (or errorCodes is on). */
	readonly api: (method: string, pattern: string, handler: CallHandler) => void;
	/** A V3 route: errors `{success, error}`, never a code. */
	readonly legacy: (method: string, pattern: string, handler: CallHandler) => void;
}
