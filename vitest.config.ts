import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const root = fileURLToPath(new URL(".", import.meta.url))

const services = ["test/campaign.test.ts", "test/campaign-failover.test.ts", "test/export-postgres.test.ts"]

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
        // node-runtime's module subpaths: `@effect-sms/node-runtime/NodeSms` → packages/node-runtime/src/NodeSms.ts.
        find: /^@effect-sms\/node-runtime\/Progress$/,
        replacement: `${root}packages/node-runtime/src/cli/Progress.ts`
      },
      {
        find: /^@effect-sms\/node-runtime\/(\w+)$/,
        replacement: `${root}packages/node-runtime/src/$1.ts`
      },
      {
        find: /^@effect-sms\/(core|xml-codec|node-runtime|simulator|campaign)$/,
        replacement: `${root}packages/$1/src/index.ts`
      }
    ]
  },
  test: {
    reporters: ["default", "./test/support/summary-reporter.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "tests",
          include: ["test/**/*.test.ts", "packages/*/test/**/*.test.ts"],
          exclude: services,
          sequence: { groupOrder: 0 }
        }
      },
      {
        // The tests with real Postgres, Redis and runner processes load both cores for minutes: they run after the
        // others, so that tests that count requests in flight or batches never share the machine with them.
        extends: true,
        test: { name: "services", include: services, sequence: { groupOrder: 1 } }
      }
    ]
  }
})
