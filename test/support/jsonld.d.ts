// The part of jsonld (digitalbazaar/jsonld.js, a dependency of @fedify/fedify, which ships no types) the
// ActivityPub tests use: expansion (JSON-LD 1.1 API §4.1) with a document loader of their own.
declare module "jsonld" {
  export interface RemoteDocument {
    contextUrl: string | null;
    document: unknown;
    documentUrl: string;
  }
  const jsonld: {
    expand(
      input: object,
      options?: { documentLoader?: (url: string) => Promise<RemoteDocument> },
    ): Promise<Record<string, unknown>[]>;
  };
  export default jsonld;
}
