import { Action, ActionKind } from "../core/action";
import { ActionQueue } from "../core/queue";
import { Scheduler } from "../core/scheduler";
import * as check from "../core/validate";
import { newId } from "../roblox/server";

/** Builds actions and hands them to the queue. */
export class Writer {
	constructor(
		private readonly queue: ActionQueue,
		private readonly scheduler: Scheduler,
	) {}

	/** Queues an action; `fields.id`, when given, makes it durable: never run twice anywhere. */
	submit<T>(kind: ActionKind, lane: string, fields: Partial<Action> & { id?: string }): Promise<T> {
		const action: Action = {
			...fields,
			id: fields.id !== undefined ? check.nonEmptyString(fields.id, "id") : newId(),
			kind,
			lane,
			createdAt: this.scheduler.unixTime(),
			attempts: 0,
		};
		return this.queue.submit(action, { durable: fields.id !== undefined }) as Promise<T>;
	}
}
