// Developer aid: `npx tsx scripts/screenshot.ts URL OUT.png [WIDTH]` to look at a page as a reader does.
import { launchChromium } from '../test/support/browser';
const [url, out, width] = process.argv.slice(2);
const b = await launchChromium();
const p = await b!.newPage({ viewport: { width: Number(width ?? 1280), height: 900 } });
await p.goto(url!);
await p.screenshot({ path: out!, fullPage: true });
await b!.close();
