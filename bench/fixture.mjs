// The benchmarks' account and its drift: a spec from gen-spec.mjs (W sub-workspaces x M
// members, in any style) and an account that matches it but for about 1% drift of every
// kind the planner handles, so that the plan holds exactly that drift (checked by plan.mjs).
import { DEFAULT_SETTINGS } from "../dist/domain/workspaces.js";
import { generateSpec, generateSplitSpec, workspaceName } from "./gen-spec.mjs";

const ROLES = ["creator", "viewer", "developer", "creator", "viewer"];
const DAY = 24 * 3600 * 1000;
const MEMBER_KINDS = { missing: [0, 1, 2], role: [3, 4], expired: [5], pending: [6, 7] };
const inBucket = (b, kind) => MEMBER_KINDS[kind].includes(b);

/** Drift, by kind: which workspaces and members differ from the spec. */
export function driftOf(W, M) {
  return {
    missingWorkspace: (w) => w >= W - 3,
    renamed: (w) => w > 0 && w % 200 === 0,
    allocationUp: (w) => w % 20 === 3,
    allocationDown: (w) => w % 20 === 13,
    extraMember: (w) => w % 5 === 1,
    joinRequestListed: (w) => w % 50 === 7,
    joinRequestStranger: (w) => w % 50 === 8,
    assetShareMissing: (w) => w === 48 || w === 49,
    /** Members of the spec (never the admin): a spread-out bucket per member. */
    memberBucket: (w, m) => (m === 0 ? -1 : ((w * M + m) * 7919) % 1000),
  };
}

/** The spec, with `formerNames` on the renamed sub-workspaces; split: { root, fragments }. */
export function makeSpec(W, M, style = "block") {
  const drift = driftOf(W, M);
  const rename = (text) => {
    for (let w = 0; w < W; w++) {
      if (!drift.renamed(w)) continue;
      const name = workspaceName(w, W);
      text = text.replace(`  - name: ${name}\n`, `  - name: ${name}\n    formerNames: [legacy-${name}]\n`);
    }
    return text;
  };
  if (style === "split") {
    const { root, fragments } = generateSplitSpec({ subWorkspaces: W, membersPerWorkspace: M });
    return { root, fragments: Object.fromEntries(Object.entries(fragments).map(([p, t]) => [p, rename(t)])) };
  }
  return rename(generateSpec({ subWorkspaces: W, membersPerWorkspace: M, style }));
}

/** An AccountState (src/model/state.ts) matching makeSpec() but for the drift, and the drift's counts. */
export function makeAccount(W, M, nowMs) {
  const drift = driftOf(W, M);
  const pad = String(W).length;
  const wsName = (w) => workspaceName(w, W);
  const specRole = (w, m) => (m === 0 ? "super_admin" : ROLES[(w + m) % ROLES.length]);
  const specEmail = (w, m) => (m === 0 ? `admin@${wsName(w)}.example` : `user${m}@${wsName(w)}.example`);
  const otherRole = (r) => (r === "viewer" ? "creator" : "viewer");
  const iso = (ms) => new Date(ms).toISOString();
  const created = iso(nowMs - 90 * DAY);
  const workspace = (id, name, parentId, fields) => ({
    id, name, parentId, image: null, billing: "parent", apiAccess: false, allocation: null, subscription: null,
    usage: { seats: 0, avatarSlots: 0, generativeCredits: 0, apiCredits: 0 },
    settings: { ...DEFAULT_SETTINGS, joinDomains: [] }, deletionProtection: false, createdAt: created, ...fields,
  });
  const active = (workspaceId, email, role) => ({ workspaceId, email, role, status: "active", invitedAt: null, expiresAt: null });
  const invited = (workspaceId, email, role, sentMs) => ({
    workspaceId, email, role, status: "invited", invitedAt: iso(sentMs), expiresAt: iso(sentMs + 7 * DAY),
  });

  const main = workspace("ws_main", "Acme Agency", null, {
    billing: "own",
    subscription: { seats: Math.max(Math.ceil(1.1 * W * M), W * (M + 2) + 100), avatarSlots: 2 * W, generativeCredits: 2000 * W, apiCredits: 50_000 },
    usage: { seats: 0, avatarSlots: 2, generativeCredits: 12_000, apiCredits: 0 },
  });
  const workspaces = [main];
  const members = [active("ws_main", "ops@acme.example", "super_admin")];
  const joinRequests = [];
  const assetShares = [];
  const counts = { missingWorkspace: 0, renamed: 0, allocation: 0, extraMember: 0, missing: 0, role: 0, expired: 0, pending: 0, joinApprove: 0, joinIgnored: 0, assetShare: 0, extraWorkspace: 0 };
  for (let w = 0; w < W; w++) {
    if (drift.missingWorkspace(w)) {
      counts.missingWorkspace++;
      continue;
    }
    const id = `ws_${String(w).padStart(pad, "0")}`;
    const renamed = drift.renamed(w);
    if (renamed) counts.renamed++;
    const gen = drift.allocationUp(w) ? 800 : drift.allocationDown(w) ? 1200 : 1000;
    if (gen !== 1000) counts.allocation++;
    workspaces.push(
      workspace(id, renamed ? `legacy-${wsName(w)}` : wsName(w), "ws_main", {
        allocation: { seats: M + 1, avatarSlots: 1, generativeCredits: gen, apiCredits: 0 },
        usage: { seats: 0, avatarSlots: w % 2, generativeCredits: (w * 37) % 700, apiCredits: 0 },
      }),
    );
    for (let m = 0; m < M; m++) {
      const email = specEmail(w, m);
      const role = specRole(w, m);
      const b = drift.memberBucket(w, m);
      if (drift.joinRequestListed(w) && m === M - 1) {
        // Not a member yet, but asked to join: the plan approves instead of inviting.
        joinRequests.push({ id: `jr_${w}`, workspaceId: id, email, requestedAt: iso(nowMs - DAY) });
        counts.joinApprove++;
      } else if (inBucket(b, "missing")) counts.missing++;
      else if (inBucket(b, "role")) {
        members.push(active(id, email, otherRole(role)));
        counts.role++;
      } else if (inBucket(b, "expired")) {
        members.push(invited(id, email, role, nowMs - 10 * DAY));
        counts.expired++;
      } else if (inBucket(b, "pending")) {
        members.push(invited(id, email, role, nowMs - DAY));
        counts.pending++;
      } else members.push(active(id, email, role));
    }
    if (drift.extraMember(w)) {
      members.push(active(id, `former${w}@${wsName(w)}.example`, "creator"));
      counts.extraMember++;
    }
    if (drift.joinRequestStranger(w)) {
      joinRequests.push({ id: `jr_x${w}`, workspaceId: id, email: `stranger${w}@elsewhere.example`, requestedAt: iso(nowMs - DAY) });
      counts.joinIgnored++;
    }
    if (w < 50) {
      if (drift.assetShareMissing(w)) counts.assetShare++;
      else assetShares.push({ assetType: "brand_kit", assetId: "bk_acme", fromWorkspaceId: "ws_main", toWorkspaceId: id });
    }
  }
  // Sub-workspaces the spec does not know: reported as unmanaged (no --allow-delete).
  for (const name of ["retired-a", "retired-b"]) {
    const id = `ws_${name}`;
    workspaces.push(workspace(id, name, "ws_main", { allocation: { seats: 5, avatarSlots: 0, generativeCredits: 10, apiCredits: 0 } }));
    for (let m = 0; m < 3; m++) members.push(active(id, `p${m}@${name}.example`, "creator"));
    counts.extraWorkspace++;
  }
  const state = {
    account: { id: "acct_bench", name: "Acme Agency" },
    workspaces,
    members,
    joinRequests,
    assets: [{ id: "bk_acme", type: "brand_kit", name: "Acme brand", workspaceId: "ws_main" }],
    assetShares,
    content: [],
    apiKeys: [],
  };
  return { state, counts };
}

/** The plan's summary and unmanaged count that the drift asks for, nothing else. */
export function expectedPlan(counts, M) {
  return {
    summary: {
      create: counts.missingWorkspace * (2 + M) + counts.missing + counts.assetShare,
      update: counts.allocation + counts.role + counts.renamed,
      delete: counts.extraMember,
      replace: counts.expired,
      approve: counts.joinApprove,
      deny: 0,
    },
    unmanaged: counts.joinIgnored + counts.extraWorkspace,
  };
}
