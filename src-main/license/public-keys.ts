/**
 * The Ed25519 public keys Sightline trusts for license keys. They are compiled into the app: nothing
 * at runtime (no environment variable, no settings file) can add one, or a user could trust a key of
 * their own and sign themselves a Scale license.
 */

/**
 * The DEMO / TEST key. Its private half is committed in test/support/license-test-key.ts, so anyone
 * can sign with it: it only exists to unlock `npm run demo` and the tests, and must never be trusted by
 * a release build (see `LICENSE_PUBLIC_KEYS`).
 */
export const DEMO_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAvF6wbXtf45EZYOVQk31cHRNSHWCVcDG3NJG7/0+Rj7U=
-----END PUBLIC KEY-----
`;

/**
 * >>> BUILD-TIME INJECTION POINT for the PRODUCTION license keys. <<<
 * The release pipeline replaces this empty list with the production public keys (SPKI PEM), e.g. by
 * generating this file or with an esbuild `--define`, before bundling. Several keys allow rotation:
 * a license verifies if any of them signed it. Never put a private key anywhere in this repository
 * except the demo one.
 */
export const PRODUCTION_PUBLIC_KEYS: readonly string[] = [];

/**
 * The keys the app trusts: the production keys once the build has injected them — and then ONLY them,
 * so a release never accepts licenses minted with the public demo key — otherwise the demo key alone
 * (development builds, `npm run demo`, tests).
 */
export const LICENSE_PUBLIC_KEYS: readonly string[] = PRODUCTION_PUBLIC_KEYS.length > 0 ? PRODUCTION_PUBLIC_KEYS : [DEMO_PUBLIC_KEY];
