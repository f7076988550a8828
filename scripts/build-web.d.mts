// Types for scripts/build-web.mjs, so the console's tests (TypeScript) can call the build.
export interface WebBuild {
  outDir: string;
  files: { path: string; bytes: number }[];
  totalBytes: number;
}
/** Build the console into `outDir` (default `dist/web`), replacing what was there. */
export function buildWeb(outDir?: string): Promise<WebBuild>;
