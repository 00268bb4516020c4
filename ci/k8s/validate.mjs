// Validates Kubernetes manifests offline against the Kubernetes API's OpenAPI schemas, as compiled
// into the kubernetes-models package (installed by ci/setup into ci/validators). Every document of
// every file must be a known apiVersion/kind and pass its schema. The schemas do not forbid unknown
// fields, so tests/ci/k8s_test.sh also checks the fields cudabench relies on by value.
// Usage: node ci/k8s/validate.mjs FILE.yaml...   Exit 0 valid, 1 invalid, 2 bad usage.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../validators/package.json"));
const { parseAllDocuments } = require("yaml");

// "batch/v1" -> kubernetes-models/batch/v1/Job; "v1" (the core group) -> kubernetes-models/v1/...
function model(apiVersion, kind) {
  try {
    return require(`kubernetes-models/${apiVersion}/${kind}`)[kind];
  } catch {
    return null;
  }
}

function validate(file) {
  const errors = [];
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  docs.forEach((doc, i) => {
    const where = `${file}: document ${i + 1}`;
    if (doc.errors.length) return errors.push(`${where}: YAML: ${doc.errors[0].message}`);
    const obj = doc.toJS();
    const Model = obj && model(obj.apiVersion, obj.kind);
    if (!Model) return errors.push(`${where}: unknown apiVersion/kind ${obj?.apiVersion}/${obj?.kind}`);
    try {
      new Model(obj).validate();
    } catch (e) {
      errors.push(`${where} (${obj.kind} ${obj.metadata?.name}): ${e.message}`);
    }
  });
  if (!docs.length) errors.push(`${file}: no YAML document`);
  return errors;
}

const files = process.argv.slice(2);
if (!files.length) {
  console.error("usage: node ci/k8s/validate.mjs FILE.yaml...");
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  const errors = validate(file);
  for (const e of errors) console.error(e);
  if (errors.length) failed++;
  else console.log(`${file}: valid`);
}
process.exit(failed ? 1 : 0);
