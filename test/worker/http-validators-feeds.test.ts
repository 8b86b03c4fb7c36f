// Every feed and the sitemap answer with their own type, date and policy; one of each kind is wired
// to validators and conditional requests (./http-validators.ts).
import { KINDS, ROUTES } from "./http-fixtures";
import { routeTable, validatorSuite } from "./http-validators";

routeTable(ROUTES.filter((r) => r.kind === "feed"));
validatorSuite(KINDS.filter((r) => r.kind === "feed"));
