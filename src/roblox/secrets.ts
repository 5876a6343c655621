import { HttpService } from "@rbxts/services";
import { ErrorKind, RankError } from "../core/errors";

let warnedPlainKey = false;

/**
 * The credential to send: a Secret from the experience's secrets store (given by name or
 * as a Secret), or, only where no secrets store exists (tests, Studio without local secrets),
 * a plain string, which warns once.
 */
export function resolveKey(options: { secret?: string | Secret; apiKey?: string }, what: string): Secret | string {
	if (options.secret !== undefined) {
		if (!typeIs(options.secret, "string")) return options.secret;
		const name = options.secret;
		const [ok, secret] = pcall(() => HttpService.GetSecret(name));
		if (ok) return secret;
		throw new RankError(
			ErrorKind.SecretMissing,
			`No secret named "${name}" for ${what}. Add it in the Creator Dashboard (your experience > Secrets) with the service's domain; ` +
				`for play-testing in Studio add it under Game Settings > Security > Local Secrets.`,
		);
	}
	if (options.apiKey !== undefined) {
		if (!warnedPlainKey) {
			warnedPlainKey = true;
			warn(`RankBridge: ${what} is configured with a plain-text key. Keep it in the secrets store and pass its name as \`secret\` instead.`);
		}
		return options.apiKey;
	}
	throw new RankError(ErrorKind.InvalidRequest, `${what} needs \`secret\` (the name of a secret in the secrets store, or a Secret).`);
}
