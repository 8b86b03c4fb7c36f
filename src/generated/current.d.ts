// The type of the module `npm run build:content` writes beside this file (current.js), committed so
// that `tsc` passes on a fresh clone before any build. The Worker checks the value (src/shared/contract.ts).
import type { CurrentBundle } from "../shared/contract";

declare const current: CurrentBundle;
export default current;
