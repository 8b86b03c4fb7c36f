// The Worker: the documents the build rendered (src/build/render.ts), from the script and the store.
import { createApp } from "./app";
import current from "./generated/current.js";

export default createApp({ current }) satisfies ExportedHandler<Env>;
