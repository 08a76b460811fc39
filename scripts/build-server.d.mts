/** Compiles the server workspaces' src/ to dist/; resolves to the number of files written. */
export function buildServer(): Promise<number>;
/** Builds only when some source is newer than its compiled module. */
export function ensureServerBuilt(): Promise<void>;
export const SERVER_WORKSPACES: readonly string[];
