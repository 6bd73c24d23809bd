import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: {
    // Tests run against the sources, with no build step: the "source" export condition points at src/index.ts.
    conditions: ["source"]
  },
  test: {
    include: ["test/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    reporters: ["default", "./test/support/summary-reporter.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
