// Backstage's shared style (single quotes, trailing commas, no parentheses around a lone arrow parameter) at
// 120 columns, the width this code base was written at: see docs/decisions/0014-code-style-checks.md.
module.exports = {
  ...require('@backstage/cli/config/prettier.json'),
  printWidth: 120,
};
