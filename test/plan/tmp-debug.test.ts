import { it } from "vitest";
import { address } from "../../src/model/address.js";
import { renderMarkdown, renderText } from "../../src/plan/render/index.js";
import { planOf } from "./render-plans.js";
it("x", () => {
    const p = planOf([
      {
        address: address.subworkspace("x"),
        kind: "subworkspace",
        action: "update",
        before: { workspacePath: "x", workspaceId: "ws_x", name: "x", image: null },
        after: { workspacePath: "x", workspaceId: "ws_x", name: "x", image: "```\n</details>" },
        reason: "image",
        source: null,
      },
    ]);
  console.log(renderMarkdown(p));
  console.log(renderText(p, {color: false}));
});
