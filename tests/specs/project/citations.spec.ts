// Comments in the library's sources and tests cite public pages (create.roblox.com, the services' own
// docs), never notes that live outside this repository.
import { Harness } from "../helpers/harness";

const PRIVATE_NOTES = ["api-facts", "shared/notes", "DESIGN.md", "anchors.md", "toolchain.md"];

/** Each file's citation of a document outside the repository, a line each. */
function citations(files: ReadonlyArray<string>): string {
	const cited = new Array<string>();
	for (const file of files) {
		const text = Harness.readFile(file);
		for (const note of PRIVATE_NOTES) if (text.find(note, 1, true)[0] !== undefined) cited.push(`${file} cites ${note}`);
	}
	return cited.join("\n");
}

export = () => {
	it("cites no document outside the repository in the tests, the stand-ins or the emulator either", () => {
		const files = Harness.listFiles("tests").filter((file) => file !== "tests/specs/project/citations.spec.ts");
		expect(files.size() > 100).to.equal(true);
		expect(citations(files)).to.equal("");
	});

	it("cites no document outside the repository in src/ or the typed face", () => {
		const files = [...Harness.listFiles("src"), "luau/RankBridge.luau"];
		expect(files.size() > 50).to.equal(true);
		expect(citations(files)).to.equal("");
	});
};
