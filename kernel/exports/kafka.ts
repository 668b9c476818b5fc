// Public names of the kafka area, re-exported by kernel/index.ts.
export {};
