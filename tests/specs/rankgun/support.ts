// Shared by the RankGun client specs: how a call failed, what went on the wire, and a clock
// that agrees with the emulator's (as a game server's agrees with RankGun's).
import RankBridge from "../../../src";
import type { RankBridgeConfig } from "../../../src/config";
import type { RankError } from "../../../src/core/errors";
import { RobloxScheduler } from "../../../src/core/scheduler";
import { RobloxHttpTransport } from "../../../src/roblox/http";
import { Harness } from "../helpers/harness";

/** The RankError `promise` rejected with; errors if it resolved or rejected with anything else. */
export function rejection(promise: Promise<unknown>): RankError {
	const [ok, value] = promise.await();
	if (ok) error(`expected the call to fail, but it gave ${tostring(value)}`, 2);
	if (!RankBridge.RankError.is(value)) error(`expected a RankError, got ${tostring(value)}`, 2);
	return value;
}

/** The RankError `body` throws; errors if it does not throw one. */
export function thrown(body: () => unknown): RankError {
	const [ok, value] = pcall(body);
	if (ok) error("expected an error, but none was thrown", 2);
	if (!RankBridge.RankError.is(value)) error(`expected a RankError, got ${tostring(value)}`, 2);
	return value;
}

/** True if `text` contains `part` (plain text, case-sensitive). */
export function contains(text: string, part: string): boolean {
	return text.find(part, 1, true)[0] !== undefined;
}

export type LoggedRequest = ReturnType<typeof Harness.httpLog>[number];

/** A position in the game server's HTTP log. */
export function logMark(): number {
	return Harness.httpLog().size();
}

/** Requests the game server sent since `mark`, oldest first. */
export function sentSince(mark: number): Array<LoggedRequest> {
	const log = Harness.httpLog();
	const requests = new Array<LoggedRequest>();
	const count = log.size();
	for (let index = mark; index < count; index++) requests.push(log[index]);
	return requests;
}

/** Requests sent since `mark` whose URL contains `path`. */
export function sentTo(mark: number, path: string): Array<LoggedRequest> {
	return sentSince(mark).filter((request) => contains(request.Url, path));
}

/** Unix seconds on the emulator's clock, whole. */
export function emulatorNow(): number {
	return math.floor(Harness.emulator.now());
}

/** The engine's clock, with Unix time read from the emulator (other specs move its clock). */
export class EmulatorClock extends RobloxScheduler {
	unixTime() {
		return Harness.emulator.now();
	}
}

/** Waits (yielding) until `condition` holds; errors after `seconds`. */
export function waitUntil(condition: () => boolean, seconds = 5) {
	const deadline = os.clock() + seconds;
	while (!condition()) {
		if (os.clock() > deadline) error(`condition not met within ${seconds} seconds`, 2);
		task.wait(0.02);
	}
}

/**
 * A bridge with the spec defaults (no shared stores, no BindToClose, fast retries) and nothing
 * else: no key and no baseUrl unless `config` gives them.
 */
export function bareBridge(config: Partial<RankBridgeConfig>): RankBridge {
	return new RankBridge({
		stores: false,
		bindToClose: false,
		groups: false,
		transport: new RobloxHttpTransport(),
		timeout: 2,
		retry: { baseDelay: 0.05, maxDelay: 0.5 },
		...config,
	});
}
