#!/usr/bin/env node
// Renders each kustomize overlay with `kubectl kustomize` and validates every object it yields against the
// Kubernetes OpenAPI schemas, twice over:
//  1. kubernetes-models' validators (types, required fields, formats, enums), picked by apiVersion and kind;
//  2. strictly, as the API server's strict field validation does: the Kubernetes schemas allow unknown fields,
//     so a misspelt field (`readinesProbe`) would pass them and then be dropped or refused at apply time. Each
//     object is written as a TypeScript literal of its kubernetes-models interface and `tsc --noEmit` reports
//     every property that interface does not have.
// Usage: node validate.js [OVERLAY_DIR...]   (default: every directory under ../overlays)
// KUBECTL names the kubectl to run (default: kubectl on the PATH). Exit 0 when all pass, 1 otherwise.
"use strict";

const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const YAML = require("yaml");

const HERE = __dirname;
const OVERLAYS = path.resolve(HERE, "..", "overlays");
const WORK = path.join(HERE, ".work");
const KUBECTL = process.env.KUBECTL || "kubectl";

function overlayDirs(args) {
  if (args.length > 0) {
    return args.map((arg) => path.resolve(arg));
  }
  return fs.readdirSync(OVERLAYS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(OVERLAYS, entry.name, "kustomization.yaml")))
    .map((entry) => path.join(OVERLAYS, entry.name))
    .sort();
}

function label(dir) {
  const relative = path.relative(path.resolve(HERE, ".."), dir);
  return relative.startsWith("..") ? dir : relative;
}

/** `kubectl kustomize DIR`, or the reason it failed. */
function render(dir) {
  const run = spawnSync(KUBECTL, ["kustomize", dir], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.error) {
    return { error: `cannot run ${KUBECTL}: ${run.error.message}; install kubectl (Debian: apt-get install kubernetes-client)` };
  }
  if (run.status !== 0) {
    return { error: `kubectl kustomize failed: ${(run.stderr || "").trim()}` };
  }
  return { yaml: run.stdout };
}

/** The kubernetes-models module of an apiVersion: "v1" is the core group, "apps/v1" a named one. */
function modelOf(apiVersion, kind) {
  const parts = String(apiVersion).split("/");
  if (parts.length > 2 || parts.some((part) => !/^[a-z0-9.-]+$/.test(part))) {
    return { error: `apiVersion "${apiVersion}" is not a Kubernetes API version` };
  }
  const modulePath = parts.length === 1 ? `kubernetes-models/${parts[0]}` : `kubernetes-models/${parts[0]}/${parts[1]}`;
  let models;
  try {
    models = require(modulePath);
  } catch (e) {
    return { error: `apiVersion "${apiVersion}" is not one the Kubernetes schemas know` };
  }
  if (!/^[A-Z][A-Za-z0-9]*$/.test(String(kind)) || typeof models[kind] !== "function") {
    return { error: `kind "${kind}" is not in ${apiVersion}` };
  }
  return { Model: models[kind], typeModule: `${modulePath}/${kind}`, typeName: `I${kind}` };
}

function jsonPointerToPath(pointer) {
  if (pointer === "") {
    return "(the object)";
  }
  return pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), "");
}

/**
 * A TypeScript literal of the value, one property or item per line: `out` gets each line's text and the field
 * it belongs to, so that tsc's line numbers name fields.
 */
function literal(value, indent, fieldPath, prefix, suffix, out) {
  const pad = "  ".repeat(indent);
  const open = Array.isArray(value) ? "[" : "{";
  const close = Array.isArray(value) ? "]" : "}";
  if (value === null || typeof value !== "object" || Object.keys(value).length === 0) {
    const text = value !== null && typeof value === "object" ? `${open}${close}` : JSON.stringify(value);
    out.push({ text: `${pad}${prefix}${text}${suffix}`, field: fieldPath });
    return;
  }
  out.push({ text: `${pad}${prefix}${open}`, field: fieldPath });
  const keys = Object.keys(value);
  keys.forEach((key, i) => {
    const comma = i < keys.length - 1 ? "," : "";
    if (Array.isArray(value)) {
      literal(value[key], indent + 1, `${fieldPath}[${key}]`, "", comma, out);
    } else {
      literal(value[key], indent + 1, fieldPath ? `${fieldPath}.${key}` : key, `${JSON.stringify(key)}: `, comma, out);
    }
  });
  out.push({ text: `${pad}${close}${suffix}`, field: fieldPath });
}

/** Writes each object as a typed literal, runs tsc once, returns the unknown or mistyped fields per object. */
function strictCheck(objects) {
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  const files = objects.map((object, i) => {
    // line n + 2 of the file is lines[n] (one import line first)
    const lines = [];
    literal(object.doc, 0, "", `export const object: ${object.typeName} = `, ";", lines);
    const name = `object${i}.ts`;
    fs.writeFileSync(path.join(WORK, name),
      `import type { ${object.typeName} } from ${JSON.stringify(object.typeModule)};\n`
      + lines.map((line) => line.text).join("\n") + "\n");
    return { name, lines, object };
  });
  fs.writeFileSync(path.join(WORK, "tsconfig.json"), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, types: [], moduleResolution: "node", module: "commonjs", target: "es2020" },
    files: files.map((file) => file.name),
  }, null, 2));
  const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", WORK, "--pretty", "false"],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const problems = new Map();
  const byName = new Map(files.map((file) => [file.name, file]));
  let unplaced = "";
  for (const line of `${tsc.stdout}${tsc.stderr}`.split("\n")) {
    const match = /^(?:.*[\\/])?(object\d+\.ts)\((\d+),\d+\): error TS\d+: (.*)$/.exec(line.trim());
    if (!match) {
      if (line.trim() && !/^\s/.test(line)) {
        unplaced += `${line}\n`;
      }
      continue;
    }
    const file = byName.get(match[1]);
    const at = file.lines[Number(match[2]) - 2];
    const field = at && at.field ? at.field : "(the object)";
    const list = problems.get(file.object) || [];
    list.push(`${field}: ${match[3]}`);
    problems.set(file.object, list);
  }
  if (tsc.status !== 0 && problems.size === 0) {
    throw new Error(`tsc failed without naming a field:\n${unplaced || tsc.stdout + tsc.stderr}`);
  }
  return problems;
}

function main() {
  const dirs = overlayDirs(process.argv.slice(2));
  if (dirs.length === 0) {
    console.error(`no overlay found under ${OVERLAYS}`);
    return 1;
  }
  const version = spawnSync(KUBECTL, ["version", "--client"], { encoding: "utf8" });
  console.log(`rendering with ${KUBECTL}: ${(version.stdout || version.stderr || "").split("\n")[0].trim()}`);
  const failures = [];
  const objects = [];
  const counts = new Map();
  for (const dir of dirs) {
    const overlay = label(dir);
    const rendered = render(dir);
    if (rendered.error) {
      failures.push(`${overlay}: ${rendered.error}`);
      continue;
    }
    const documents = YAML.parseAllDocuments(rendered.yaml);
    let count = 0;
    for (const document of documents) {
      if (document.errors.length > 0) {
        failures.push(`${overlay}: the rendered YAML does not parse: ${document.errors[0].message}`);
        continue;
      }
      const doc = document.toJS();
      // kustomize 2 leaves an empty document where a patch deleted an object
      if (doc === null || doc === undefined || (typeof doc === "object" && Object.keys(doc).length === 0)) {
        continue;
      }
      const name = doc.metadata && doc.metadata.name;
      const id = `${overlay}: ${doc.kind || "(no kind)"} ${doc.metadata && doc.metadata.namespace ? `${doc.metadata.namespace}/` : ""}${name || "(no name)"}`;
      count++;
      if (!doc.apiVersion || !doc.kind || !name) {
        failures.push(`${id}: every object needs apiVersion, kind and metadata.name`);
        continue;
      }
      const model = modelOf(doc.apiVersion, doc.kind);
      if (model.error) {
        failures.push(`${id}: ${model.error}`);
        continue;
      }
      try {
        new model.Model(doc).validate();
      } catch (e) {
        const errors = Array.isArray(e.errors) ? e.errors : [{ instancePath: "", message: e.message }];
        for (const error of errors) {
          const allowed = error.params && error.params.allowedValues ? ` (${error.params.allowedValues.join(", ")})` : "";
          failures.push(`${id}: ${jsonPointerToPath(error.instancePath)} ${error.message}${allowed}`);
        }
      }
      objects.push({ id, doc, typeModule: model.typeModule, typeName: model.typeName });
    }
    counts.set(overlay, count);
    if (count === 0) {
      failures.push(`${overlay}: rendered no object`);
    }
  }
  if (objects.length > 0) {
    for (const [object, problems] of strictCheck(objects)) {
      for (const problem of problems) {
        failures.push(`${object.id}: ${problem}`);
      }
    }
  }
  for (const [overlay, count] of counts) {
    console.log(`${overlay}: ${count} objects rendered`);
  }
  if (failures.length > 0) {
    for (const failure of failures.sort()) {
      console.error(`INVALID ${failure}`);
    }
    console.error(`${failures.length} problem(s) in ${dirs.length} overlay(s); nothing there would apply as written`);
    return 1;
  }
  console.log(`all ${objects.length} objects of ${dirs.length} overlay(s) valid against the Kubernetes schemas (strict fields)`);
  return 0;
}

process.exitCode = main();
