/**
 * The provider modules the simulator mounts besides iletiMerkezi (which it builds from its top-level options). Adding
 * a provider is one line here: its folder's `module`.
 */
import type * as Provider from "./engine/Provider.ts"
import * as Infobip from "./infobip/module.ts"
import * as TurkeySmsModule from "./turkeysms/module.ts"

export const providers: ReadonlyArray<Provider.Any> = [TurkeySmsModule.module, Infobip.module]
