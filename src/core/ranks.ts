// Rank arithmetic shared by providers (settling a relative action) and chat commands.

/** The next rank up (+1) or down (-1) from `from` that can be assigned (not Guest, not Owner). */
export function neighbourRank(ranks: ReadonlyArray<number>, from: number, direction: 1 | -1): number | undefined {
	let best: number | undefined;
	for (const rank of ranks) {
		if (rank <= 0 || rank >= 255) continue;
		if (direction === 1 && rank > from && (best === undefined || rank < best)) best = rank;
		if (direction === -1 && rank < from && (best === undefined || rank > best)) best = rank;
	}
	return best;
}
