module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // The module reads the maestro plugin over HTTP only (it cannot reach its database): no runtime import of it.
  restrictedSrcImports: [
    {
      name: '@maestro/plugin-maestro-backend',
      message:
        'The catalog module talks to the maestro plugin through its REST API; share pure logic through @maestro/plugin-maestro-common.',
    },
  ],
  // Its integration tests start the real maestro plugin next to the catalog (a devDependency).
  testRules: { '@backstage/no-mixed-plugin-imports': 'off' },
});
