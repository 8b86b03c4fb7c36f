// The message a content parser rejects an input with; fails the test if it accepts it or throws anything else.
import { expect } from "vitest";
import { ContentError } from "../../src/build/errors";

export async function rejectionOf(parse: () => Promise<unknown>): Promise<string> {
  try {
    await parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return (error as ContentError).message;
  }
  throw new Error("expected the input to be rejected");
}
