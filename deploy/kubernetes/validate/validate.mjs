// Validates Kubernetes manifests against the Kubernetes OpenAPI schemas as packaged by kubernetes-models
// (ajv validators generated from the API's OpenAPI document; works offline once `npm ci` has run).
// Usage: node validate.mjs FILE.yaml...   Prints one line per object; exit 0 when all are valid, 1 otherwise.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

let failed = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length > 0) {
      console.log(`INVALID ${file}: YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
      failed++;
      continue;
    }
    const obj = doc.toJS();
    if (obj === null) continue;
    const where = `${file}: ${obj.kind}/${obj.metadata?.name}`;
    const [group, version] = obj.apiVersion?.includes("/") ? obj.apiVersion.split("/") : ["", obj.apiVersion];
    let Model;
    try {
      const module = await import(`kubernetes-models/${group ? group + "/" : ""}${version}/${obj.kind}`);
      Model = module[obj.kind];
    } catch (e) {
      console.log(`INVALID ${where}: no schema for apiVersion ${obj.apiVersion} kind ${obj.kind}`);
      failed++;
      continue;
    }
    try {
      new Model(obj).validate();
      console.log(`OK ${where}`);
    } catch (e) {
      console.log(`INVALID ${where}: ${e.message}`);
      failed++;
    }
  }
}
process.exit(failed === 0 ? 0 : 1);
