#!/usr/bin/env node
/**
 * The `effect-sms` command line.
 */
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { Cause, Effect, Logger, Runtime } from "effect"
import { run } from "../cli/Cli.ts"

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
