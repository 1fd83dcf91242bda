// ESM TypeScript under jest 29: ts-jest in ESM mode, `.js` import suffixes mapped back to `.ts`.
// Tests compile with __tests__/tsconfig.json; every test file imports what it uses from
// @jest/globals: jest injects no globals, and no tsconfig declares them.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '__tests__/tsconfig.json' }] },
  testMatch: ['**/__tests__/**/*.test.ts'],
  injectGlobals: false,
  testTimeout: 30000,
  verbose: false
};
