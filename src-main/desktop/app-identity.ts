/**
 * Who the app is to the OS. One place, so the Windows app user model id (which notifications need),
 * the login item, the autostart entry and electron-builder's `appId` cannot drift apart
 * (test/main/packaging checks electron-builder.yml against these).
 */
export const APP_ID = 'com.sightline.app';
export const PRODUCT_NAME = 'Sightline';

/**
 * Passed by the login item / autostart entry: this launch happened at login, so when the app can keep
 * running in the background it starts there, without opening its window.
 */
export const LOGIN_LAUNCH_FLAG = '--launched-at-login';
