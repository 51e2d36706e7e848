// Verdicts of ajv (with ajv-formats) for tests/test_cross_validators.py.
// Usage: node ajv_verdicts.cjs NODE_MODULES_DIR REQUEST.json
// REQUEST: {"draft": "2020-12" | "draft-07", "formats": bool, "schemas": {name: schema},
//           "cases": [[name, data], ...]}; prints a JSON array of booleans, one per case.
"use strict";
const fs = require("fs");
const path = require("path");

const modules = process.argv[2];
const request = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const load = (name) => require(path.join(modules, name));
const Ajv = request.draft === "draft-07" ? load("ajv").default : load("ajv/dist/2020").default;
const addFormats = load("ajv-formats").default;

// Strict mode stays on: a keyword ajv does not know, or a type clash, fails to compile.
const ajv = new Ajv({ strict: true, allowUnionTypes: true, validateFormats: request.formats });
if (request.formats) addFormats(ajv);
const compiled = {};
for (const [name, schema] of Object.entries(request.schemas)) {
  compiled[name] = ajv.compile(schema);
}
const verdicts = request.cases.map(([name, data]) => compiled[name](data));
process.stdout.write(JSON.stringify(verdicts));
