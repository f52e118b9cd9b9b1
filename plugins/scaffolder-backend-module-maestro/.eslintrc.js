module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // The actions write through the maestro plugin's REST API (one write path): no runtime import of the plugin.
  restrictedSrcImports: [
    {
      name: '@maestro/plugin-maestro-backend',
      message:
        "The scaffolder actions call the maestro plugin's REST API; share pure logic through @maestro/plugin-maestro-common.",
    },
  ],
  // Its tests start the real maestro plugin next to this module (a devDependency).
  testRules: { '@backstage/no-mixed-plugin-imports': 'off' },
});
