// The types the app's handlers share: Worker bindings and per-request variables.
import type { Catalog } from "./catalog";
import type { Memo } from "./http/representation";
import type { Site } from "./site";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    site: Site;
    catalog: Catalog;
    memo: Memo;
  };
}
