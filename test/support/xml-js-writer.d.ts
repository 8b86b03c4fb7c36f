// xml-js's own writer (the package ships types for its entry point only), which
// test/node/feeds-xml-writer.test.ts holds src/shared/feeds/xml-writer.js's writer to.
declare module "xml-js/lib/js2xml.js" {
  const js2xml: (tree: object, options: object) => string;
  export default js2xml;
}
