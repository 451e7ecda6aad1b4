export { applyPlan, type ApplyCounts, type ApplyEvent, type ApplyOptions, type ApplyReport, type ChangeRef, type DeliveredKey } from "./engine.js";
export { KeyFile, formatApiKeyLine, type KeyFileEntry, type NewApiKey } from "./api-keys.js";
export { checkSharePasswords, envSecretResolver, secretRefs, unsetSecretWarnings } from "./secrets.js";
