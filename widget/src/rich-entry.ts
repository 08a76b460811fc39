/**
 * The rich renderers, loaded the first time a visitor opens one: the full-size image viewer, and the location
 * request (defined here when a message asks for the visitor's location).
 */
import { ParleyImageViewer } from './components/image-viewer/image-viewer.js';
import { ParleyLocationRequest } from './components/location/location-request.js';
import { define } from './define.js';

define('parley-image-viewer', ParleyImageViewer);
define('parley-location-request', ParleyLocationRequest);

/** Opens `src` full size; focus returns to `opener` when the viewer closes. */
export async function viewImage(opener: HTMLElement, src: string, alt: string): Promise<void> {
  const viewer = document.createElement('parley-image-viewer');
  viewer.src = src;
  viewer.alt = alt;
  const root = opener.getRootNode();
  (root instanceof ShadowRoot ? root : document.body).append(viewer);
  await viewer.show(opener);
}
