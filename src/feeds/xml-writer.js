// Stands in for the `xml-js` package in the Worker bundle (wrangler.toml [alias]): `feed` imports it whole,
// but only ever calls js2xml, so its parser half (xml2js, xml2json and their `sax` dependency) is left out.
export { default as js2xml } from "xml-js/lib/js2xml.js";
