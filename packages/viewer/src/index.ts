export { startViewer, view } from './view-server.js';
export { render, type RenderResult } from './render.js';
export { chromiumPath, launchChromium } from './browser.js';
export { thetaHash } from './theta-hash.js';
export type { SnapshotData, ViewerInfo } from './view-protocol.js';
