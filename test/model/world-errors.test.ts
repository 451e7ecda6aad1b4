// The pieces of the world-error taxonomy on their own: URLs printed without credentials, query
// or fragment (for any URL, generated), API URLs that carry them refused without echoing
// them, and file-system errors told apart from bugs.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { UserError } from "../../src/model/diagnostics.js";
import { WorldError, asUserError, diskError, haltsApply, parseApiUrl, redactUrl } from "../../src/model/world-errors.js";

const secret = fc.stringMatching(/^[A-Za-z0-9]{6,16}$/).map((s) => `S3cr${s}`);

describe("redactUrl", () => {
  it("keeps scheme, host, port and path, and drops user, password, query and fragment, for any URL", () => {
    fc.assert(
      fc.property(
        fc.webUrl({ withQueryParameters: false, withFragments: false }),
        secret,
        secret,
        secret,
        secret,
        (url, user, pass, q, frag) => {
          const u = new URL(url);
          u.username = user;
          u.password = pass;
          u.search = `?key=${q}`;
          u.hash = frag;
          const shown = redactUrl(u.toString());
          for (const s of [user, pass, q, frag]) expect(shown).not.toContain(s);
          expect(shown.startsWith(`${u.protocol}//${u.host}`)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("cuts text that does not parse as a URL the same way", () => {
    expect(redactUrl("http://me:pw@[bad/path?x=1#y")).toBe("http://[bad/path");
    expect(redactUrl("not a url?token=abc")).toBe("not a url");
  });
});

describe("parseApiUrl", () => {
  it("accepts a base URL and drops a trailing slash", () => {
    expect(parseApiUrl("http://127.0.0.1:8484/")).toBe("http://127.0.0.1:8484");
    expect(parseApiUrl("https://api.example.com/admin/")).toBe("https://api.example.com/admin");
  });

  it("refuses credentials, a query, a fragment, other schemes and non-URLs, never echoing the secret", () => {
    for (const bad of ["http://u:pw-9f2@h.example", "http://h.example/?key=pw-9f2", "http://h.example/#pw-9f2", "ftp://h.example/pw-9f2?", "pw-9f2 no url?pw-9f2"]) {
      const e = (() => {
        try {
          parseApiUrl(bad);
          return null;
        } catch (x) {
          return x;
        }
      })();
      expect(e, bad).toBeInstanceOf(UserError);
      const d = (e as UserError).diagnostics[0]!;
      expect(d.code).toBe("api-url");
      if (!bad.startsWith("ftp") && !bad.startsWith("pw")) expect(`${d.message} ${d.hint}`).not.toContain("pw-9f2");
    }
  });
});

describe("disk errors", () => {
  const errno = (code: string, syscall: string, path?: string): NodeJS.ErrnoException =>
    Object.assign(new Error(`${code}: ${syscall}`), { code, syscall, ...(path ? { path } : {}) });

  it("are user errors with a code, the file and a hint, and halt an apply", () => {
    const e = diskError(errno("ENOSPC", "write"), "/tmp/plan.json")!;
    expect(e).toBeInstanceOf(WorldError);
    expect(e.diagnostic).toMatchObject({ code: "disk", message: "cannot write /tmp/plan.json: no space left on the device (ENOSPC)" });
    expect(e.diagnostic.hint).toBeTruthy();
    expect(haltsApply(errno("EROFS", "open", "/ro/x"))).toBe(true);
    expect(asUserError(errno("EACCES", "mkdir", "/x/.hgw"))?.diagnostics[0]?.message).toBe("cannot create the folder /x/.hgw: permission denied (EACCES)");
  });

  it("leave bugs alone", () => {
    expect(asUserError(new TypeError("x is undefined"))).toBeNull();
    expect(asUserError(errno("ERR_SOMETHING", "open"))).toBeNull();
    expect(haltsApply(new Error("boom"))).toBe(false);
  });
});
