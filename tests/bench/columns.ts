// The printed tables' columns: cells padded to their column's width (in characters, not bytes).

function pad(text: string, width: number): string {
	const [length] = utf8.len(text);
	// At least one space, so a cell wider than its column still stands apart from the next.
	return text + " ".rep(math.max(1, width - (typeIs(length, "number") ? length : text.size())));
}

/** Each row's cells, every cell but the last padded to its column's width, indented by two spaces. */
export function columns(rows: Array<Array<string>>, widths: Array<number>): Array<string> {
	return rows.map((cells) => "  " + cells.map((cell, index) => (index < cells.size() - 1 ? pad(cell, widths[index]) : cell)).join(""));
}
