// Auto-layout with elkjs: left to right, no overlaps, one undo step.
import { expect, type Page, test } from "@playwright/test";
import { mod, openApp, positions, shot } from "./helpers";

async function boxes(page: Page) {
  return page.locator(".react-flow__node").evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { id: el.getAttribute("data-id")!, x: r.x, y: r.y, right: r.right, bottom: r.bottom };
    }),
  );
}

test("auto-layout orders blocks left to right without overlaps, and undoes in one step", async ({ page }) => {
  await openApp(page, "?preset=xor-mlp");
  const before = await positions(page);
  await page.getByTestId("tool-layout").click();
  await expect.poll(() => positions(page), { timeout: 20_000 }).not.toEqual(before);
  await page.waitForTimeout(400); // the fit-view animation

  const b = Object.fromEntries((await boxes(page)).map((n) => [n.id, n]));
  for (const [from, to] of [
    ["data", "fc1"],
    ["fc1", "act1"],
    ["act1", "out"],
    ["out", "loss"],
    ["loss", "opt"],
  ]) {
    expect(b[from].right, `${from} left of ${to}`).toBeLessThan(b[to].x);
  }
  const all = Object.values(b);
  for (const p of all)
    for (const q of all) {
      if (p.id >= q.id) continue;
      const apart = p.right <= q.x || q.right <= p.x || p.bottom <= q.y || q.bottom <= p.y;
      expect(apart, `${p.id} and ${q.id} overlap`).toBe(true);
    }
  await shot(page, "07-auto-layout");

  await page.keyboard.press(`${mod}+z`);
  await expect.poll(() => positions(page)).toEqual(before);
});
