/** The tclone version, fixed at build time (esbuild's define); "dev" when run from source. */
declare const __TCLONE_VERSION__: string | undefined;

export const TCLONE_VERSION: string = typeof __TCLONE_VERSION__ === "string" ? __TCLONE_VERSION__ : "0.0.0-dev";
