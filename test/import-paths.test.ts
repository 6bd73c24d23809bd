/**
 * The packages' import paths, resolved by Node itself in a child process (`exports` of each package.json, with the
 * `source` condition as in every test): each module subpath of `@effect-sms/node-runtime` is the very module its index
 * exports under the same name, `internal` stays closed, and the light path of a report export
 * (`@effect-sms/core/iletimerkezi`, `@effect-sms/node-runtime/NodeSms` and `/ExportSink`) does not load the other
 * providers, the CLI, the webhook routes, libphonenumber-js, effect's indexes or `effect/sql`.
 */
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { assertSuccess, root, runNode } from "./support/subprocess.ts"

interface Probe {
  readonly exports: Record<string, ReadonlyArray<string> | { readonly error: string }>
  readonly sameAs: Record<string, string>
  readonly loaded: ReadonlyArray<string>
}

const probe = (specifiers: ReadonlyArray<string>) =>
  Effect.map(runNode("test/support/importProbe.ts", specifiers), (run) => {
    assertSuccess(run)
    return JSON.parse(run.stdout) as Probe
  })

type Conditions = { readonly source: string; readonly types: string; readonly default: string }
const manifest = JSON.parse(readFileSync(join(root, "packages/node-runtime/package.json"), "utf8")) as {
  readonly exports: Record<string, Conditions | null>
}

// Every namespace of the index, and the module it is (`Progress` lives under cli/).
const modules = {
  ExportSink: "ExportSink",
  FileJournal: "FileJournal",
  InfobipWebhookRoute: "InfobipWebhookRoute",
  NodeInfobip: "NodeInfobip",
  NodeSms: "NodeSms",
  NodeTurkeySms: "NodeTurkeySms",
  Progress: "cli/Progress",
  TurkeySmsWebhookRoute: "TurkeySmsWebhookRoute",
  WebhookRoute: "WebhookRoute"
} as const

describe("node-runtime subpaths", () => {
  it("each namespace of the index has a subpath with source, types and default, and nothing else is open", () => {
    const open = Object.entries(manifest.exports).filter(([, target]) => target !== null)
    assert.deepStrictEqual(open.map(([key]) => key).sort(), [".", ...Object.keys(modules).map((m) => `./${m}`)].sort())
    for (const [name, file] of Object.entries(modules)) {
      const target = manifest.exports[`./${name}`]!
      assert.deepStrictEqual(Object.keys(target), ["source", "types", "default"], name)
      assert.deepStrictEqual(target, {
        source: `./src/${file}.ts`,
        types: `./dist/${file}.d.ts`,
        default: `./dist/${file}.js`
      })
      assert.isTrue(existsSync(join(root, "packages/node-runtime", target.source)), target.source)
    }
    assert.strictEqual(manifest.exports["./internal/*"], null)
  })

  it.effect("each subpath is the index's namespace of the same name: the same module instance", () =>
    Effect.gen(function* () {
      const subpaths = Object.keys(modules).map((m) => `@effect-sms/node-runtime/${m}`)
      const result = yield* probe(["@effect-sms/node-runtime", ...subpaths])
      assert.deepStrictEqual(result.exports["@effect-sms/node-runtime"], Object.keys(modules))
      for (const name of Object.keys(modules)) {
        const subpath = `@effect-sms/node-runtime/${name}`
        assert.strictEqual(result.sameAs[subpath], name, subpath)
        const keys = result.exports[subpath]
        assert.isTrue(Array.isArray(keys) && keys.length > 0, `${subpath}: ${JSON.stringify(keys)}`)
      }
      assert.includeMembers(result.exports["@effect-sms/node-runtime/NodeSms"] as Array<string>, [
        "layer",
        "layerConfig",
        "layerHttpClient"
      ])
      assert.includeMembers(result.exports["@effect-sms/node-runtime/ExportSink"] as Array<string>, [
        "csv",
        "ndjson",
        "postgres"
      ])
    })
  )

  it.effect("internal modules, the HTTP client module and the CLI are not importable", () =>
    Effect.gen(function* () {
      const closed = [
        "@effect-sms/node-runtime/internal/anything",
        "@effect-sms/node-runtime/UndiciHttpClient",
        "@effect-sms/node-runtime/cli/Cli",
        "@effect-sms/node-runtime/index",
        "@effect-sms/core/internal/codecs",
        "@effect-sms/core/iletimerkezi/internal/executor"
      ]
      const result = yield* probe(closed)
      for (const specifier of closed)
        assert.deepStrictEqual(result.exports[specifier], { error: "ERR_PACKAGE_PATH_NOT_EXPORTED" }, specifier)
    })
  )
})

describe("the light path of a report export", () => {
  it.effect("loads the iletiMerkezi client, undici and the sinks, and none of the rest", () =>
    Effect.gen(function* () {
      const result = yield* probe([
        "@effect-sms/core/iletimerkezi",
        "@effect-sms/node-runtime/NodeSms",
        "@effect-sms/node-runtime/ExportSink"
      ])
      const loaded = result.loaded
      for (const wanted of [
        "packages/core/src/iletimerkezi/Client.ts",
        "packages/node-runtime/src/NodeSms.ts",
        "packages/node-runtime/src/UndiciHttpClient.ts",
        "packages/node-runtime/src/ExportSink.ts"
      ])
        assert.include(loaded, wanted)
      assert.isTrue(
        loaded.some((f) => f.startsWith("node_modules/undici/")),
        "undici is loaded"
      )
      const unwanted = loaded.filter(
        (f) =>
          f === "packages/core/src/index.ts" ||
          f === "packages/node-runtime/src/index.ts" ||
          f.startsWith("packages/core/src/infobip/") ||
          f.startsWith("packages/core/src/turkeysms/") ||
          f === "packages/core/src/Sms.ts" ||
          f.startsWith("packages/node-runtime/src/cli/") ||
          /WebhookRoute|FileJournal|NodeInfobip|NodeTurkeySms/.test(f) ||
          // Turkish numbers are read by rule; libphonenumber-js is for other countries' numbers.
          f.startsWith("node_modules/libphonenumber-js/") ||
          // effect's indexes (`effect`, `effect/http`, `effect/encoding`, ...) load every module under them: each
          // module on this path imports effect's modules one by one (`effect/Effect`, `effect/http/HttpClient`);
          // `node bench/support/deepEffectImports.ts <file>` rewrites a module that imports an index again.
          /^node_modules\/effect\/dist\/(\w+\/)?index\.js$/.test(f) ||
          f.startsWith("node_modules/effect/dist/sql/") ||
          /^node_modules\/effect\/dist\/http\/Http(Server|Router)/.test(f)
      )
      assert.deepStrictEqual(unwanted, [])
    })
  )
})
