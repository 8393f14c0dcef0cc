// Builds static/css/app.css from frontend/scss and copies the vendored JavaScript.
// Run with `npm run build` (or `make frontend`); the outputs are committed.
import { copyFileSync, mkdirSync, writeFileSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = (...parts) => join(root, "static", ...parts);

mkdirSync(out("css"), { recursive: true });
mkdirSync(out("vendor"), { recursive: true });

const result = sass.compile(join(root, "frontend/scss/app.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["mixed-decls"],
});
if (/gds transport/i.test(result.css)) {
  throw new Error("The CSS refers to GDS Transport: it must use our system font stack.");
}
writeFileSync(out("css", "app.css"), result.css + "\n");

const vendored = [
  ["node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", "govuk-frontend.min.js"],
  ["node_modules/htmx.org/dist/htmx.min.js", "htmx.min.js"],
];
for (const [from, to] of vendored) copyFileSync(join(root, from), out("vendor", to));

const version = (pkg) => JSON.parse(readFileSync(join(root, "node_modules", pkg, "package.json"))).version;
writeFileSync(
  out("vendor", "VERSIONS.txt"),
  `govuk-frontend ${version("govuk-frontend")}\nhtmx.org ${version("htmx.org")}\n` +
    "Regenerate with: npm ci && npm run build (make frontend)\n",
);
console.log(`static/css/app.css: ${result.css.length} bytes`);
