// GET /v3/account: the account, its subscription and the seats it uses (not for a sub-workspace key).

import { zeroQuota } from "../../model/state.js";
import { indexOf } from "../../domain/account-index.js";
import { allocatedToChildren, ownUse } from "../../domain/accounting.js";
import { quotaToWire } from "../../contract/wire.js";
import { HttpError } from "../../contract/errors.js";
import { mainWorkspaceOf, routeKit, type RoutePlugin } from "./kit.js";

export const accountRoutes: RoutePlugin = async (app, { ctx }) => {
  const { st, read } = routeKit(ctx);
  app.get(
    "/v3/account",
    read((req) => {
      if (req.principal!.role === "workspace") {
        throw new HttpError(403, "forbidden", "a sub-workspace key cannot read the account");
      }
      const s = st();
      const main = mainWorkspaceOf(s);
      const idx = indexOf(s);
      return {
        status: 200,
        body: {
          data: {
            id: s.account.id,
            name: s.account.name,
            main_workspace_id: main.id,
            subscription: quotaToWire(main.subscription ?? zeroQuota()),
            usage: quotaToWire(main.usage),
            seats_used: ownUse(idx, main, "seats") + allocatedToChildren(idx, main, "seats"),
          },
        },
      };
    }),
  );
};
