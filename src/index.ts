// The Worker: the app over the collection compiled from content/ at build time.
import { createApp } from "./app";
import collection from "./generated/content.js";

export default createApp(collection) satisfies ExportedHandler<Env>;
