import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const root = fileURLToPath(new URL(".", import.meta.url))

export default defineConfig({
  resolve: {
    // Tests run against the sources, with no build step.
    alias: [
      {
        // Provider subpaths: `@effect-sms/core/turkeysms` → packages/core/src/turkeysms/index.ts (likewise simulator).
        find: /^@effect-sms\/(core|simulator)\/(iletimerkezi|turkeysms|infobip)$/,
        replacement: `${root}packages/$1/src/$2/index.ts`
      },
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
