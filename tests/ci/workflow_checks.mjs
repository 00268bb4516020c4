// What issue 15 asks of the workflows, by value: ci.yml runs .ci/run on push and pull_request on a
// hosted Ubuntu runner; nightly.yml runs on a schedule on a self-hosted "gpu" runner, runs ci/setup
// and ci/nightly (whose exit code is the job's), keeps nightly.db in the cache and uploads the
// reports. Usage: node workflow_checks.mjs SOURCE_DIR
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const src = process.argv[2];
const require = createRequire(path.join(src, "ci/validators/package.json"));
const { parse } = require("yaml");
const load = (f) => parse(readFileSync(path.join(src, ".github/workflows", f), "utf8"));
const problems = [];
const expect = (ok, what) => ok || problems.push(what);
const runs = (job) => job.steps.map((s) => s.run ?? "").join("\n");
const uses = (job, action) => job.steps.filter((s) => (s.uses ?? "").startsWith(action));

const ci = load("ci.yml");
expect("push" in ci.on && "pull_request" in ci.on, "ci.yml: on push and pull_request");
const test = Object.values(ci.jobs)[0];
expect(/^ubuntu-/.test(test["runs-on"]), "ci.yml: a hosted Ubuntu runner");
expect(runs(test).includes(".ci/run"), "ci.yml: runs .ci/run");

const nightly = load("nightly.yml");
expect(nightly.on.schedule?.[0]?.cron, "nightly.yml: on a schedule");
const gate = Object.values(nightly.jobs)[0];
const labels = [].concat(gate["runs-on"]);
expect(labels.includes("self-hosted") && labels.includes("gpu"), "nightly.yml: self-hosted runner labelled gpu");
expect(/^ci\/setup/m.test(runs(gate)), "nightly.yml: ci/setup");
const gateStep = gate.steps.find((s) => (s.run ?? "").includes("ci/nightly "));
expect(gateStep && /exit "\$status"/.test(gateStep.run) && !gateStep["continue-on-error"],
  "nightly.yml: the gate step exits with ci/nightly's status");
expect(uses(gate, "actions/cache/restore").some((s) => s.with.path === "nightly.db"), "nightly.yml: restores nightly.db");
expect(uses(gate, "actions/cache/save").some((s) => s.with.path === "nightly.db" && s.if === "always()"),
  "nightly.yml: saves nightly.db whatever the gate said");
const upload = uses(gate, "actions/upload-artifact")[0];
expect(upload && upload.if === "always()" && upload.with.path.includes("gate.md"), "nightly.yml: uploads the reports");

for (const p of problems) console.error(`FAIL: ${p}`);
process.exit(problems.length ? 1 : 0);
