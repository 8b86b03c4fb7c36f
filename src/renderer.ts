// Every page, feed and file of the site rendered from the whole collection: what the build runs to
// produce the stored documents (src/build/render.ts), and what the tests read the site through.
import { Hono } from "hono";
import type { AppEnv } from "./app-env";
import { Catalog } from "./catalog";
import { mediaSources } from "./content/media";
import type { Collection } from "./content/schema";
import { cors } from "./middleware/cors";
import { requestContext } from "./middleware/request-context";
import { securityHeaders } from "./middleware/security-headers";
import { assets } from "./routes/assets";
import { notFound, onError } from "./routes/errors";
import { feeds } from "./routes/feeds";
import { meta } from "./routes/meta";
import { pages } from "./routes/pages";

export function createRenderer(collection: Collection) {
  const app = new Hono<AppEnv>();
  app.use(securityHeaders(mediaSources(collection)));
  app.use(cors());
  app.use(requestContext(new Catalog(collection)));

  // Each route answers only for a resource that exists, and the send path (./http/send.ts) refuses
  // methods other than GET and HEAD there with a 405; anything else falls through to a 404.
  app.route("/", feeds);
  app.route("/", pages);
  app.route("/", assets);
  app.route("/", meta);

  app.notFound(notFound);
  app.onError(onError);
  return app;
}
