/** Set by vite.config.ts: whether the sandbox origins are allowed by default in this build. */
declare const __ZORGID_SANDBOX_DEFAULT__: boolean;
declare const __ZORGID_VERSION__: string;
