// The domain core: every account rule, as operations on an AccountState draft.
export { DomainError, isDomainError, type DomainErrorCode } from "./errors.js";
export { checkAccount, type Violation } from "./rules.js";
export * from "./operations.js";
export { applyChange, resolveWorkspace, type ApplyChangeContext } from "./apply-change.js";
export { defaultAccount, emptyAccount } from "./default-account.js";
export { workspaceByPath, workspacePath } from "./account-index.js";
export { mintApiKey, hashSecret, digestPassword, passwordMatches, passwordVersionOf, publicAccount, type MintedKey } from "./secrets.js";
