// IndexedDB for the DOM environment: the till's Dexie database runs against fake-indexeddb here
// and against Chromium's real IndexedDB in the end-to-end suite.
import 'fake-indexeddb/auto';
