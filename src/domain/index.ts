// The domain core: every account rule, as operations on an AccountState draft (one module per
// kind of record), the invariants over a whole account, and its arithmetic. The other side of
// the world (an invitation accepted, credits spent…) is world.ts, imported by those who
// simulate it (the sandbox CLI, tests), never by apply.
export { DomainError, isDomainError, type DomainErrorCode } from "./errors.js";
export { checkAccount, type Violation } from "./invariants.js";
export { type OpContext, normalizeEmail } from "./checks.js";
export { mayHold } from "./access.js";
export * from "./workspaces.js";
export * from "./allocations.js";
export * from "./members.js";
export * from "./join-requests.js";
export * from "./api-keys.js";
export * from "./sharing.js";
export { defaultAccount, emptyAccount } from "./default-account.js";
export { workspaceByPath, workspacePath } from "./account-index.js";
export { mintApiKey, hashSecret, digestPassword, digestOrKeep, passwordMatches, passwordVersionOf, publicAccount, type MintedKey } from "./secrets.js";
