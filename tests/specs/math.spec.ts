import { add } from "../../src/core/math";
export = () => {
	it("adds", () => { expect(add(1, 2)).to.equal(3); });
};
