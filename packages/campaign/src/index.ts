/**
 * @since 0.1.0
 */

export * as Campaign from "./Campaign.ts"
export * as CampaignRunner from "./CampaignRunner.ts"
export * as CampaignStore from "./CampaignStore.ts"
