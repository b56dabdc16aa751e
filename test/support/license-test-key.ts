/**
 * DEMO / TEST license signing key — NOT A SECRET, NOT A PRODUCTION KEY.
 *
 * This is the private half of `DEMO_PUBLIC_KEY` (src-main/license/public-keys.ts). It is committed on
 * purpose so that tests and `npm run demo` can mint licenses. Anyone can read it, so it only unlocks
 * builds that trust the demo key: development builds and the demo. A release build trusts only the
 * production keys injected at build time, never this one. Production private keys never enter this
 * repository.
 */
export const DEMO_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIFkDMx7jGGOTUkqSlUFYNBFlEfj21Tv70J2FmbO/PXLU
-----END PRIVATE KEY-----
`;

/**
 * The demo's license, signed with the key above: tier Scale, licensee "Sightline demo", issued
 * 2026-01-01, no expiry. Ed25519 signatures are deterministic, so `mintDemoLicense()` returns exactly
 * this string (a test checks it). Paste it into Settings, or install it from `npm run demo`.
 */
export const DEMO_SCALE_LICENSE =
  'SL1.eyJ2IjoxLCJ0aWVyIjoic2NhbGUiLCJsaWNlbnNlZSI6IlNpZ2h0bGluZSBkZW1vIiwiaXNzdWVkQXQiOiIyMDI2LTAxLTAxVDAwOjAwOjAwLjAwMFoiLCJleHBpcmVzQXQiOm51bGx9.WLSAMdpPSyCnnw_v7WgCF5XZZweA1anDdFi3bKR_d_z0mNz3j5bIu5ay5T98avQVCzAAvzcSTaijLisLstHvBA';
