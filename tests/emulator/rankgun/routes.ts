// What a RankGun route handler gets once the key has been checked, and how routes are declared.
import { EmulatorContext } from "../context";
import { EmulatorRequest, EmulatorResponse, Params } from "../http";
import { Failure } from "./responses";
import { RankGunWorkspace } from "./workspace";

export interface Call {
	readonly workspace: RankGunWorkspace;
	readonly request: EmulatorRequest;
	readonly params: Params;
	/** Unix seconds (fractional) on the emulator's clock. */
	readonly now: number;
	readonly context: EmulatorContext;
}

/** A handler answers with a response, or with a failure the route's envelope writes. */
export type CallHandler = (call: Call) => EmulatorResponse | Failure;

export interface RouteTable {
	/** A current route: key from x-api-key / Bearer / api_token, errors `{success, code, error}`. */
	readonly api: (method: string, pattern: string, handler: CallHandler) => void;
	/** A V3 route: key from staff-token / api_token / api-token, errors `{success, error}`. */
	readonly legacy: (method: string, pattern: string, handler: CallHandler) => void;
}
