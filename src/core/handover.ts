// Nothing is lost when a server shuts down: its unfinished actions go to a queue every server
// sees (one bundle per lane, so a member's actions stay in order), and every server drains that
// queue. Delivery is at least once; the ledger's done-markers and per-action ids keep a copy
// from running twice, and a claim keeps two servers from working one bundle at the same time.
import { Action } from "./action";
import { Ledger } from "./ledger";
import { ActionQueue } from "./queue";
import { Scheduler, sleep } from "./scheduler";
import { SharedQueue } from "./stores";

export interface HandoverBundle {
	v: 1;
	id: string;
	lane: string;
	actions: Array<Action>;
	/** The server that handed it over. */
	from: string;
	/** Unix seconds. */
	at: number;
}

export interface HandoverOptions {
	scheduler: Scheduler;
	queue: ActionQueue;
	shared: SharedQueue;
	ledger: Ledger;
	serverId: string;
	/** Seconds between looks at the shared queue when it was empty. */
	pollSeconds: number;
	/** Seconds a claim on a bundle lasts; renewed while the bundle is worked. */
	claimSeconds: number;
	/** Seconds an uncertain action waits before it is settled (request timeout plus settle delay). */
	settleAfterSeconds: number;
}

/** How long a handed-over bundle stays in the shared queue. */
const BUNDLE_TTL = 24 * 3600;

function isBundle(value: unknown): value is HandoverBundle {
	if (!typeIs(value, "table")) return false;
	const bundle = value as Partial<HandoverBundle>;
	return bundle.v === 1 && typeIs(bundle.id, "string") && typeIs(bundle.lane, "string") && typeIs(bundle.actions, "table");
}

export class Handover {
	private draining = false;
	private handedOver = 0;
	/**
	 * Bundles this server is working, with the newest receipt for each: a bundle whose work
	 * outlasts the queue's invisibility timeout (an action parked on a spent quota) is read again,
	 * and must not start a second claim-renewal loop.
	 */
	private readonly working = new Map<string, { receipt: string }>();

	constructor(private readonly options: HandoverOptions) {}

	/**
	 * Closes the queue and writes its unfinished work to the shared queue, retrying until
	 * `deadline` seconds have passed. Resolves with the number of actions handed over.
	 */
	handOver(deadline: number): Promise<number> {
		const { scheduler, queue, shared, serverId } = this.options;
		this.draining = false;
		const stopAt = scheduler.now() + deadline;
		const now = scheduler.unixTime();
		const bundles = queue.close().map(
			(bundle, index): HandoverBundle => ({
				v: 1,
				id: `${serverId}/${now}/${index}`,
				lane: bundle.lane,
				actions: bundle.actions.map((action) =>
					action.uncertain ? { ...action, settleAfter: now + this.options.settleAfterSeconds } : action,
				),
				from: serverId,
				at: now,
			}),
		);
		const write = (bundle: HandoverBundle, attempt: number): Promise<number> =>
			shared.add(bundle, BUNDLE_TTL).then(
				() => bundle.actions.size(),
				(raised) => {
					const wait = math.min(2 ** attempt * 0.25, 4);
					if (scheduler.now() + wait > stopAt) {
						warn(`RankBridge: could not hand over ${bundle.actions.size()} action(s) for ${bundle.lane}: ${raised}`);
						return 0;
					}
					return sleep(scheduler, wait).then(() => write(bundle, attempt + 1));
				},
			);
		return Promise.all(bundles.map((bundle) => write(bundle, 0))).then((counts) => {
			let total = 0;
			for (const count of counts) total += count as number;
			this.handedOver += total;
			return total;
		});
	}

	/** Actions this server has handed over so far. */
	handedOverCount(): number {
		return this.handedOver;
	}

	/** Starts taking other servers' handed-over work. */
	startDraining() {
		if (this.draining) return;
		this.draining = true;
		this.poll();
	}

	stopDraining() {
		this.draining = false;
	}

	private later(seconds: number) {
		this.options.scheduler.delay(seconds, () => this.poll());
	}

	private poll() {
		const { shared, queue, pollSeconds } = this.options;
		if (!this.draining || queue.isClosed()) return;
		shared.read(1).then(
			(batch) => {
				if (!batch) return this.later(pollSeconds);
				const bundle = batch.items[0];
				if (!isBundle(bundle)) {
					warn("RankBridge: removing an unreadable handover item from the shared queue");
					shared.remove(batch.receipt).catch(() => undefined);
				} else {
					this.work(bundle, batch.receipt);
				}
				this.later(0);
			},
			() => this.later(pollSeconds),
		);
	}

	private work(bundle: HandoverBundle, receipt: string) {
		const { ledger, queue, shared, serverId, claimSeconds, scheduler } = this.options;
		const key = `bundle/${bundle.id}`;
		const already = this.working.get(bundle.id);
		if (already) {
			already.receipt = receipt;
			return;
		}
		const entry = { receipt };
		this.working.set(bundle.id, entry);
		// A bundle outlives its receipt when working it takes longer than the queue's
		// invisibility timeout; once it is finished, a re-read only removes it.
		ledger
			.done(key)
			.then((finishedBefore) => {
				if (!finishedBefore) return ledger.claim(key, serverId, claimSeconds);
				shared.remove(receipt).catch(() => undefined);
				return false;
			})
			.then(
			(ours) => {
				if (!ours) {
					this.working.delete(bundle.id);
					return;
				}
				let finished = false;
				const renew = () => {
					if (finished) return;
					ledger.claim(key, serverId, claimSeconds).catch(() => undefined);
					scheduler.delay(claimSeconds / 2, renew);
				};
				scheduler.delay(claimSeconds / 2, renew);
				const results = bundle.actions.map((action) =>
					queue.submit(action, { durable: true, resumeFailures: false }).then(
						() => undefined,
						() => undefined,
					),
				);
				Promise.all(results).then(() => {
					finished = true;
					this.working.delete(bundle.id);
					ledger
						.markDone(key, { ok: true })
						.catch(() => undefined)
						.then(() => shared.remove(entry.receipt).catch(() => undefined));
				});
			},
			() => {
				this.working.delete(bundle.id);
			},
		);
	}
}
