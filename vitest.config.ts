import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const root = fileURLToPath(new URL(".", import.meta.url))

export default defineConfig({
  resolve: {
    // Tests run against the sources, with no build step.
    alias: [
      {
        find: /^@effect-sms\/(core|xml-codec|node-runtime|simulator|campaign)$/,
        replacement: `${root}packages/$1/src/index.ts`
      }
    ]
  },
  test: {
    include: ["test/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    reporters: ["default", "./test/support/summary-reporter.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
