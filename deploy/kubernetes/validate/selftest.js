#!/usr/bin/env node
// Shows that validate.js can fail: it validates a copy of deploy/kubernetes with three mistakes put in (a
// misspelt field, a string where a number goes, a value outside an enum) and must refuse each, naming the
// object and the field, while the untouched overlays of the same copy pass.
"use strict";

const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const SOURCE = path.resolve(__dirname, "..");
const copy = fs.mkdtempSync(path.join(os.tmpdir(), "eksrole-kubernetes-"));
try {
  for (const part of ["base", "modes", "overlays"]) {
    fs.cpSync(path.join(SOURCE, part), path.join(copy, part), { recursive: true });
  }
  const edit = (file, from, to) => {
    const target = path.join(copy, file);
    const text = fs.readFileSync(target, "utf8");
    if (!text.includes(from)) {
      throw new Error(`${file} no longer has ${JSON.stringify(from)}; update selftest.js`);
    }
    fs.writeFileSync(target, text.replace(from, to));
  };
  const validate = (...dirs) => spawnSync(process.execPath, [path.join(__dirname, "validate.js"), ...dirs], { encoding: "utf8" });

  const clean = validate(path.join(copy, "overlays", "http"));
  edit("modes/http/slack-signing-secret.yaml", "        lifecycle:", "        lifecycel:");
  edit("modes/http/ingress.yaml", "pathType: Exact", "pathType: Precise");
  edit("modes/http/service.yaml", "port: 80", "port: eighty");
  const broken = validate(path.join(copy, "overlays", "http"));

  const output = broken.stdout + broken.stderr;
  const expected = [
    "Deployment eksrole/eksrole: spec.template.spec.containers[0].lifecycel",
    "Ingress eksrole/eksrole: spec.rules[0].http.paths[0].pathType",
    "Service eksrole/eksrole: spec.ports[0].port",
  ];
  const missing = expected.filter((line) => !output.includes(line));
  let failed = 0;
  if (clean.status !== 0) {
    failed++;
    console.error(`FAIL the untouched http overlay did not pass:\n${clean.stdout}${clean.stderr}`);
  }
  if (broken.status !== 1 || missing.length > 0) {
    failed++;
    console.error(`FAIL the broken http overlay was not refused as expected (exit ${broken.status}); not named: ${missing.join("; ")}\n${output}`);
  }
  console.log(`validator self-test: ${2 - failed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
} finally {
  fs.rmSync(copy, { recursive: true, force: true });
}
