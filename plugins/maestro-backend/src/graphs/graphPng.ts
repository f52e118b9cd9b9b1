import { Resvg } from '@resvg/resvg-js';
import { InputError } from '@backstage/errors';

/** Scales a PNG export may ask for (`?scale=`). */
export const MIN_PNG_SCALE = 0.25;
export const MAX_PNG_SCALE = 4;
/** Pixels a PNG export may have at most (width × height): a larger picture is scaled down to fit. */
export const MAX_PNG_PIXELS = 40_000_000;

/**
 * The scale a picture of `width` × `height` drawing units is rendered at: the one asked for (0.25–4, default 1;
 * a 400 naming `scale` outside), lowered so that the image stays within {@link MAX_PNG_PIXELS}.
 */
export function pngScale(width: number, height: number, asked = 1): number {
  if (!Number.isFinite(asked) || asked < MIN_PNG_SCALE || asked > MAX_PNG_SCALE) {
    throw new InputError(`scale: must be from ${MIN_PNG_SCALE} to ${MAX_PNG_SCALE}`);
  }
  const area = Math.max(1, width) * Math.max(1, height);
  const fits = Math.sqrt(MAX_PNG_PIXELS / area);
  return Math.min(asked, fits);
}

/**
 * An SVG as a PNG, without a browser (resvg): the size of the SVG times `scale` (see {@link pngScale}), text in the
 * system's fonts (DejaVu Sans by preference). The SVG must be one of ours (renderGraphSvg: no external references;
 * resvg loads none anyway).
 */
export function renderPng(svg: string, size: { width: number; height: number }, scale = 1): Buffer {
  const zoom = pngScale(size.width, size.height, scale);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: zoom },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    imageRendering: 0,
    shapeRendering: 2,
    textRendering: 1,
  });
  return resvg.render().asPng();
}
