import { Action, ActionKind } from "../core/action";
import { ErrorKind, RankError } from "../core/errors";
import { ActionQueue } from "../core/queue";
import { Scheduler } from "../core/scheduler";
import * as check from "../core/validate";
import { newId } from "../roblox/server";

/** Longest action id a caller may give: ids are kept in shared records, which must stay small. */
export const MAX_ID_LENGTH = 100;

/** Builds actions and hands them to the queue. */
export class Writer {
	constructor(
		private readonly queue: ActionQueue,
		private readonly scheduler: Scheduler,
	) {}

	/**
	 * Queues an action. A caller's `fields.id` names it: submitting the same id again, on any
	 * server, within the done-record window, does not run it twice. `fields` must be a fresh
	 * table: it becomes the action.
	 */
	submit<T>(kind: ActionKind, lane: string, fields: Partial<Action> & { id?: string }): Promise<T> {
		const named = fields.id !== undefined;
		if (named && check.nonEmptyString(fields.id, "id").size() > MAX_ID_LENGTH) {
			throw new RankError(
				ErrorKind.InvalidRequest,
				`id must be at most ${MAX_ID_LENGTH} characters, got ${fields.id!.size()}; use a shorter id (a GUID is 36)`,
			);
		}
		// The caller's fresh table becomes the action (no copy: this runs for every action).
		const action = fields as Action;
		if (!named) action.id = newId();
		action.named = named ? true : undefined;
		action.kind = kind;
		action.lane = lane;
		action.createdAt = this.scheduler.unixTime();
		action.attempts = 0;
		return this.queue.submit(action) as Promise<T>;
	}
}
