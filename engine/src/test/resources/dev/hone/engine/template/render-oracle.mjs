// Oracle for the Java chat-template tests: renders each request with @huggingface/jinja.
// Usage: node render-oracle.mjs <unpacked @huggingface/jinja dir>  < requests.json  > results.json
// requests.json: [{"template": "...", "variables": {...}}, ...]
// results.json:  [{"text": "..."} | {"error": "..."}, ...] in the same order.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const jinjaDir = process.argv[2];
const { Template } = await import(pathToFileURL(join(jinjaDir, "dist", "index.js")).href);
const requests = JSON.parse(readFileSync(0, "utf8"));
const results = requests.map((request) => {
  try {
    return { text: new Template(request.template).render(request.variables) };
  } catch (e) {
    return { error: String(e && e.message !== undefined ? e.message : e) };
  }
});
process.stdout.write(JSON.stringify(results));
