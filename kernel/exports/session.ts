// Public names of the session area, re-exported by kernel/index.ts.
export {};
