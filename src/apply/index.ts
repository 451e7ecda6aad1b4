export { applyPlan, type ApplyCounts, type ApplyEvent, type ApplyOptions, type ApplyReport, type ChangeRef } from "./engine.js";
export { createProgressRenderer, renderBar, summarizeReport, type ProgressOptions, type ProgressRenderer } from "./progress.js";
export { writeApiKeys, formatApiKeys, checkApiKeysTarget, type NewApiKey } from "./api-keys.js";
export { checkSharePasswords, envSecretResolver, secretRefs } from "./secrets.js";
