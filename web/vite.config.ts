import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The C++ server serves dist/ from the site root with an SPA fallback,
// so assets use absolute paths and routing uses the History API.
export default defineConfig({
  base: "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080", "/ws": { target: "ws://127.0.0.1:8080", ws: true } },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
  },
});
