import { HttpService } from "@rbxts/services";
import { ErrorKind, RankError } from "../core/errors";

let warnedPlainKey = false;

/**
 * Whether a `secret` value looks like a key pasted in place of the secret's name: names are
 * short words ("RankGunKey"), keys long runs of letters and digits. Long (32+ characters), or
 * holding characters a name would not (".", "=", "/", "+"), or 16+ characters without spaces
 * of which at least 4 are digits. A name taken for a key only gets the less specific message.
 */
export function looksLikeKey(value: string): boolean {
	if (value.size() >= 32) return true;
	if (value.find("[%.=/+]")[0] !== undefined) return true;
	const [, digits] = value.gsub("%d", "");
	return value.size() >= 16 && digits >= 4 && value.find("%s")[0] === undefined;
}

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
		if (looksLikeKey(name)) {
			throw new RankError(
				ErrorKind.SecretMissing,
				`${what}: \`secret\` must be the NAME of a secret, and the value given looks like the key itself (it is not shown here; if it is a name, no secret has it). ` +
					`Store the key in the Creator Dashboard (your experience > Secrets) under a name such as "RankGunKey" and pass that name as \`secret\`.`,
			);
		}
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
