import { PNG } from 'pngjs';
import { estateView } from '../__testUtils__/graphViews';
import { MAX_PNG_PIXELS, pngScale, renderPng } from './graphPng';
import { renderGraphSvg } from './graphSvg';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('renderPng', () => {
  it('renders the graph SVG to a PNG of its size times the scale, decodable, with the nodes drawn', async () => {
    const view = await estateView();
    const svg = renderGraphSvg(view);
    const size = { width: view.width + 40, height: view.height + 40 };
    for (const scale of [1, 2, 0.5]) {
      const png = renderPng(svg, size, scale);
      expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
      const decoded = PNG.sync.read(png);
      expect(decoded.width).toBe(Math.round(size.width * scale));
      expect(decoded.height).toBe(Math.round(size.height * scale));
      expect(png.readUInt32BE(16)).toBe(decoded.width);
    }
    // the web node's box is filled with the application colour (#e3f2fd) near its centre's left edge
    const png = PNG.sync.read(renderPng(svg, size, 1));
    const web = view.nodes.find(n => n.key === 'component:default/web')!;
    const x = Math.round(web.x - web.width / 2 + 20 + 4);
    const y = Math.round(web.y + 20);
    const at = (y * png.width + x) * 4;
    expect([png.data[at], png.data[at + 1], png.data[at + 2]]).toEqual([0xe3, 0xf2, 0xfd]);
  });

  it('caps the picture at 40 Mpx and refuses a scale outside 0.25–4 naming it', () => {
    expect(pngScale(1000, 1000, 4)).toBe(4);
    const capped = pngScale(20_000, 10_000, 2);
    expect(20_000 * capped * 10_000 * capped).toBeLessThanOrEqual(MAX_PNG_PIXELS + 1);
    expect(() => pngScale(100, 100, 5)).toThrow(/^scale: /);
    expect(() => pngScale(100, 100, 0.1)).toThrow(/^scale: /);
    expect(() => pngScale(100, 100, NaN)).toThrow(/^scale: /);
  });
});
