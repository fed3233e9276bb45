// What a person does with the mouse, as functions the specs share: drag a block from the
// palette, wire two ports, read a port's shape. Selectors are the app's data-testids.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { expect, type Locator, type Page } from "@playwright/test";

export const ARTIFACTS = join(import.meta.dirname, "artifacts");
mkdirSync(ARTIFACTS, { recursive: true });

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** Opens the app and waits until the canvas is up. Each test has a fresh browser context, so a fresh IndexedDB. */
export async function openApp(page: Page, query = ""): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.locator(".react-flow__pane")).toBeVisible();
}

export const node = (page: Page, id: string): Locator => page.getByTestId(`node-${id}`);
export const port = (page: Page, id: string, name: string): Locator => page.getByTestId(`port-${id}-${name}`);

export function handle(page: Page, nodeId: string, portName: string, kind: "source" | "target"): Locator {
  return page.locator(`.react-flow__handle.${kind}[data-nodeid="${nodeId}"][data-handleid="${portName}"]`);
}

/** Drags a block from the palette and drops it at (x, y) inside the canvas. */
export async function dragBlock(page: Page, type: string, x: number, y: number): Promise<void> {
  await page
    .getByTestId(`palette-${type}`)
    .dragTo(page.locator(".react-flow__pane"), { targetPosition: { x, y } });
}

/** Draws a wire from an output handle to an input handle with the mouse. */
export async function wire(page: Page, from: string, to: string): Promise<void> {
  const [sn, sp] = from.split(".");
  const [tn, tp] = to.split(".");
  const a = await handle(page, sn, sp, "source").boundingBox();
  const b = await handle(page, tn, tp, "target").boundingBox();
  if (!a || !b) throw new Error(`no handle for ${from} or ${to}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 4 });
  await page.mouse.up();
}

export function edgeLabel(page: Page, from: string, to: string): Locator {
  const [sn, sp] = from.split(".");
  const [tn, tp] = to.split(".");
  return page.getByTestId(`edge-label-${sn}.${sp}->${tn}.${tp}`);
}

/** Node ids on the canvas, in document order. */
export async function nodeIds(page: Page): Promise<string[]> {
  return page
    .locator(".react-flow__node")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-id") ?? ""));
}

export async function selectNode(page: Page, id: string): Promise<void> {
  await node(page, id).locator(".block-title").click();
  await expect(page.getByTestId("node-inspector")).toBeVisible();
}

export const mod = process.platform === "darwin" ? "Meta" : "Control";

/** Node positions as React Flow places them (canvas coordinates, not screen). */
export function positions(page: Page): Promise<string[]> {
  return page
    .locator(".react-flow__node")
    .evaluateAll((els) => els.map((el) => (el as HTMLElement).style.transform));
}

/**
 * Presses L and waits until the layout has landed and the view has settled. The layout
 * engine loads on first use, which takes a moment on a cold dev server.
 */
export async function autoLayout(page: Page): Promise<void> {
  const before = await positions(page);
  await page.keyboard.press("l");
  await expect.poll(() => positions(page), { timeout: 20_000 }).not.toEqual(before);
  // The fit-view that follows is animated.
  await page.waitForTimeout(500);
}
