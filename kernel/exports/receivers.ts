// Public names of the receivers area, re-exported by kernel/index.ts.
export {};
