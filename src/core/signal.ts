import { spawnReused } from "./threads";

/** A connection returned by Signal.Connect. */
export interface SignalConnection {
	readonly Connected: boolean;
	Disconnect(): void;
}

class Connection<T> implements SignalConnection {
	Connected = true;

	constructor(
		private readonly signal: Signal<T>,
		readonly handler: (value: T) => void,
	) {}

	Disconnect() {
		if (!this.Connected) return;
		this.Connected = false;
		this.signal.remove(this);
	}
}

/**
 * An event game code can listen to, shaped like RBXScriptSignal (Connect, Once, Wait).
 * Handlers run on a thread other than the firing one, so a handler that yields or errors never
 * holds up the queue or another handler. They run on reused threads (threads.ts): a fire makes
 * no thread unless a handler still holds the last one; a handler that raises ends its thread,
 * and the engine reports the error as for any thread.
 */
export class Signal<T> {
	/** Replaced, never changed in place, so a fire goes through the handlers connected when it began. */
	private connections = new Array<Connection<T>>();

	Connect(handler: (value: T) => void): SignalConnection {
		const connection = new Connection(this, handler);
		this.connections = [...this.connections, connection];
		return connection;
	}

	Once(handler: (value: T) => void): SignalConnection {
		const connection = this.Connect((value) => {
			connection.Disconnect();
			handler(value);
		});
		return connection;
	}

	/** Yields until the next Fire and returns its value. */
	Wait(): T {
		const thread = coroutine.running();
		this.Once((value) => task.spawn(thread, value));
		return coroutine.yield()[0] as T;
	}

	/** @hidden Fires the signal: for RankBridge itself, not part of the public API. */
	Fire(value: T) {
		for (const connection of this.connections) {
			if (connection.Connected) spawnReused(connection.handler, value);
		}
	}

	/** @hidden */
	remove(connection: Connection<T>) {
		this.connections = this.connections.filter((other) => other !== connection);
	}
}
