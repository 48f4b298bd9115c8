// Validates xAPI statements with Learning Locker's own validator (npm
// @learninglocker/xapi-validation): reads a JSON array of statements from the file named first,
// prints every problem with the statement's index and id, and exits 1 if there was any.
'use strict';
const fs = require('fs');
const path = require('path');

const validate = require(path.join(process.env.RAPPORT_LRS_HOME,
  'node_modules/@learninglocker/xapi-validation/dist/index.js')).default;
const statements = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
let problems = 0;
statements.forEach((statement, i) => {
  try {
    validate(statement);
  } catch (error) {
    problems += 1;
    const warnings = error.warnings ? JSON.stringify(error.warnings, null, 1) : String(error);
    console.log(`statement ${i} (${statement.id}): ${warnings}`);
  }
});
console.log(`${statements.length} statements, ${problems} invalid`);
process.exit(problems === 0 ? 0 : 1);
