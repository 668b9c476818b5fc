// Public names of the windows area, re-exported by kernel/index.ts.
export {};
