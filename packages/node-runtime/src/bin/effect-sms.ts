#!/usr/bin/env node
/**
 * The `effect-sms` command line.
 */
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { Cause, Effect, Logger, Runtime } from "effect"
import { run } from "../cli/Cli.ts"

// A reader that stops early (`effect-sms report 1 | head`) closes the pipe: that ends the command quietly, as it
// does for other Unix tools, instead of an unhandled EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0)
    throw e
  })
}

run(process.argv.slice(2)).pipe(
  Effect.provide(NodeServices.layer),
  // Expected failures are already printed as one line; anything else is logged here, on stderr, so that stdout
  // carries only results (runMain's own report would go to stdout).
  Effect.tapCause((cause) =>
    Cause.hasInterruptsOnly(cause) || !Runtime.getErrorReported(Cause.squash(cause))
      ? Effect.void
      : Effect.logError(cause).pipe(Effect.provideService(Logger.LogToStderr, true))
  ),
  NodeRuntime.runMain({ disableErrorReporting: true })
)
