import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// `npm run dev` proxies the API to a backend on :8000 (`make run` or `chibo serve`).
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { "/api": "http://127.0.0.1:8000", "/healthz": "http://127.0.0.1:8000" },
  },
  build: {
    outDir: "dist",
    sourcemap: false,
    rollupOptions: {
      output: {
        // Keep the framework and the component library in their own long-cached files.
        manualChunks: { react: ["react", "react-dom", "react-router"] },
      },
    },
  },
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});
