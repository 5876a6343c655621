// Who a session change typed in chat is attributed to. RankGun takes as actor only a member of
// its workspace (dashboard staff), and a group's admins need not be. So the admin who typed the
// command is tried first; if RankGun refuses the change (400) and the game configured `actor`,
// the change is made again as that actor (a refused write changed nothing, so this is safe),
// and the admin is remembered as not a workspace member. With no `actor` configured, the admin
// is told plainly what to set up.
import { ErrorKind, RankError } from "../core/errors";

/** The change went through as `actor`; `stoodIn` when that is the configured actor, not the admin. */
export interface Attributed<T> {
	result: T;
	actor: number;
	stoodIn: boolean;
}

function refusedActor(raised: unknown): raised is RankError {
	return RankError.is(raised, ErrorKind.InvalidRequest) && raised.status === 400;
}

export class SessionActors {
	/** Admins RankGun refused as actors on this server. */
	private readonly outsiders = new Set<number>();

	constructor(private readonly configured?: number) {}

	/** Runs `write` as the admin, or as the configured actor where the admin cannot be one. */
	attribute<T>(admin: number, write: (actor: number, stoodIn: boolean) => Promise<T>): Promise<Attributed<T>> {
		const configured = this.configured;
		const standIn = (actor: number) => write(actor, true).then((result) => ({ result, actor, stoodIn: true }));
		if (this.outsiders.has(admin)) {
			if (configured !== undefined) return standIn(configured);
			return Promise.reject(this.needsActor(admin)) as Promise<Attributed<T>>;
		}
		return write(admin, false).then(
			(result) => ({ result, actor: admin, stoodIn: false }),
			(raised) => {
				if (!refusedActor(raised)) throw raised;
				if (configured === undefined || configured === admin) {
					if (raised.message.lower().find("actor", 1, true)[0] === undefined) throw raised;
					this.outsiders.add(admin);
					throw this.needsActor(admin, raised);
				}
				return standIn(configured).then((done) => {
					this.outsiders.add(admin);
					return done;
				});
			},
		);
	}

	private needsActor(admin: number, cause?: RankError): RankError {
		return new RankError(
			ErrorKind.InvalidRequest,
			`RankGun takes session changes only from members of its workspace, and user ${admin} is not one${cause ? ` (${cause.message})` : ""}. ` +
				"Ask the workspace owner to add you in the RankGun dashboard, or set `actor` in RankBridge.new to the user id of a workspace member to record these changes under.",
			{ status: cause?.status, code: cause?.code, provider: cause?.provider },
		);
	}
}
