// Validators and conditional requests on every feed and on the sitemap (the table: ./http-validators.ts).
import { ROUTES } from "./http-fixtures";
import { validatorSuite } from "./http-validators";

validatorSuite(ROUTES.filter((r) => r.kind === "feed"));
