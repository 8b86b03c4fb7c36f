// The type of the module `npm run build:content` writes beside this file (problems.js): what is wrong
// with content/ while `npm start` serves the last good build. Committed, so `tsc` passes before a build.
declare const problems: readonly string[];
export default problems;
