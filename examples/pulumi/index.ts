// Acme's HeyGen workspaces in the same Pulumi stack as the rest of its infrastructure:
// the agency's own structure as one reviewed tree, and a sub-workspace per customer made
// in the same loop that makes the customer's other resources.
import * as pulumi from "@pulumi/pulumi";
import { Allocation, AssetShare, Member, SubWorkspace, WorkspaceTree, type ProviderArgs } from "heygen-workspaces/pulumi";

const config = new pulumi.Config();
const apiUrl = config.get("apiUrl");
// Empty apiUrl: the embedded sandbox account in .hgw/ (what a fresh clone gets).
const provider: ProviderArgs = apiUrl
  ? { kind: "http", apiUrl, apiKey: config.requireSecret("apiKey") }
  : { kind: "sandbox" };

// The agency itself: the same spec `hgw plan` reads, here as an object.
const agency = new WorkspaceTree("agency", {
  provider,
  spec: {
    version: 1,
    workspace: {
      members: [
        { email: "ops@acme.example", role: "super_admin" },
        { email: "producer@acme.example", role: "creator" },
      ],
    },
    subWorkspaces: [
      {
        name: "studio",
        billing: "parent",
        apiAccess: true,
        allocation: { seats: 2, avatarSlots: 1, generativeCredits: 5000, apiCredits: 1000 },
        members: [{ email: "editor@acme.example", role: "creator" }],
      },
    ],
  },
});

// One sub-workspace per customer, with its people and its share of the pools.
const customers = [
  { slug: "globex", seats: 3, credits: 2000, people: [{ email: "lead@globex.example", role: "super_admin" as const }] },
  {
    slug: "initech",
    seats: 2,
    credits: 1000,
    people: [
      { email: "pm@initech.example", role: "developer" as const },
      { email: "legal@initech.example", role: "viewer" as const },
    ],
  },
];

export const customerWorkspaces: Record<string, pulumi.Output<string>> = {};
for (const c of customers) {
  const ws = new SubWorkspace(c.slug, { name: c.slug, billing: "parent", provider }, { dependsOn: [agency] });
  const allocation = new Allocation(`${c.slug}-allocation`, {
    workspace: ws.path,
    seats: c.seats,
    generativeCredits: c.credits,
    provider,
  });
  for (const p of c.people) {
    new Member(`${c.slug}-${p.email}`, { workspace: ws.path, email: p.email, role: p.role, provider }, { dependsOn: [allocation] });
  }
  new AssetShare(`${c.slug}-brand-kit`, { assetType: "brand_kit", assetId: "bk_acme", to: ws.path, provider });
  customerWorkspaces[c.slug] = ws.workspaceId;
}

export const agencyChanges = agency.lastChanges;
export const studioApiKey = agency.apiKeys.apply((k) => k["studio"] ?? null); // a secret
