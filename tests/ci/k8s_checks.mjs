// What cudabench relies on in ci/k8s, by value (the API schemas allow any extra or missing field):
// the tracer's privileges and mounts in every study pod, JOB_COMPLETION_INDEX in the Job's database
// name, the node's name as the session host. Usage: node k8s_checks.mjs SOURCE_DIR
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const src = process.argv[2];
const require = createRequire(path.join(src, "ci/validators/package.json"));
const { parse } = require("yaml");
const load = (f) => parse(readFileSync(path.join(src, "ci/k8s", f), "utf8"));
const problems = [];
const expect = (ok, what) => ok || problems.push(what);

function checkStudyPod(name, spec) {
  expect(spec.hostPID === true, `${name}: hostPID`);
  const c = spec.containers[0];
  const caps = c.securityContext?.capabilities?.add ?? [];
  for (const cap of ["BPF", "PERFMON", "SYS_ADMIN"]) expect(caps.includes(cap), `${name}: CAP_${cap}`);
  expect(c.securityContext?.privileged !== true, `${name}: privileged instead of the capabilities`);
  const mounts = Object.fromEntries((c.volumeMounts ?? []).map((m) => [m.mountPath, m]));
  const volumes = Object.fromEntries((spec.volumes ?? []).map((v) => [v.name, v]));
  for (const p of ["/sys/kernel/btf", "/sys/fs/cgroup"]) {
    expect(volumes[mounts[p]?.name]?.hostPath?.path === p, `${name}: hostPath mount of ${p}`);
  }
  expect(mounts["/sys/kernel/btf"]?.readOnly === true, `${name}: /sys/kernel/btf read-only`);
  const host = (c.env ?? []).find((e) => e.name === "CUDABENCH_HOST");
  expect(host?.valueFrom?.fieldRef?.fieldPath === "spec.nodeName", `${name}: CUDABENCH_HOST from spec.nodeName`);
  expect(c.args.join(" ").includes("/fleet/results/"), `${name}: database on the /fleet volume`);
}

const job = load("job.yaml");
expect(job.spec.completionMode === "Indexed", "job: completionMode Indexed");
expect(job.spec.template.spec.containers[0].args.join(" ").includes("${JOB_COMPLETION_INDEX}.db"),
  "job: JOB_COMPLETION_INDEX in the database name");
checkStudyPod("job", job.spec.template.spec);
checkStudyPod("daemonset", load("daemonset.yaml").spec.template.spec);
const merge = load("merge-job.yaml").spec.template.spec.containers[0].args.join(" ");
expect(merge.includes(" merge ") && merge.includes("--by host"), "merge-job: merge then report --by host");

for (const p of problems) console.error(`FAIL: ${p}`);
process.exit(problems.length ? 1 : 0);
