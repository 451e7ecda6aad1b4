import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Subprocess and server tests spend their time waiting, not computing.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A worker that cannot shut down (a child process left running) must not hang the run.
    teardownTimeout: 20_000,
  },
});
