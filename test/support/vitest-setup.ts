/**
 * Runs before every test file. Renderer tests (jsdom) wait up to 5 s for what they look for: IndexedDB
 * reads (fake-indexeddb) and React updates are quick alone but can take over testing-library's
 * default 1 s when the 2-core CI machine runs the whole suite. A wait still ends as soon as the
 * element appears, so this only changes how long a real failure takes to be reported.
 */
if (typeof document !== 'undefined') {
  const { configure } = await import('@testing-library/react');
  configure({ asyncUtilTimeout: 5_000 });
}

export {};
