import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { baseUrl, createOrg, freshPage, screenshot, seriousAxeViolations, type E2eOrg } from "./support/app";
import { loadDemo, mainPages, type MainPage } from "./support/main-pages";

/**
 * Every main page, filled with real data (the demo plus one Quick Run), at a
 * desktop (1440×900) and a phone (390×844) size: no serious or critical axe
 * violations at either, and on the phone no page scrolls sideways (each page's
 * screenshot goes to test-results/phone/). Plus the keyboard basics every page
 * shares: the skip link, the navigation by Tab, and the phone's menu button.
 */
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

let org: E2eOrg;
let page: Page;
let pages: MainPage[];

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  org = createOrg(`Accessible Co ${Date.now().toString(36)}`, `owner-${Date.now().toString(36)}@accessible.test`);
  page = await freshPage(browser);
  await loadDemo(page, org);
  pages = await mainPages(org);
});

async function visit(path: string): Promise<void> {
  await page.goto(`${baseUrl()}${path}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.mouse.move(0, 0);
}

test("every main page has no serious or critical axe violations at 1440×900", async () => {
  test.setTimeout(480_000);
  await page.setViewportSize(DESKTOP);
  // Every page is checked before the test fails, so one run names every page that needs work.
  const violations: string[] = [];
  for (const [name, path] of pages) {
    await test.step(name, async () => {
      await visit(path);
      for (const violation of await seriousAxeViolations(page)) violations.push(`${name}: ${violation}`);
      await screenshot(page, `a11y-${name}`);
    });
  }
  expect(violations).toEqual([]);
});

test("at 390×844 no main page scrolls sideways, and none has serious or critical axe violations", async () => {
  test.setTimeout(480_000);
  await page.setViewportSize(PHONE);
  mkdirSync("test-results/phone", { recursive: true });
  const overflowing: string[] = [];
  const violations: string[] = [];
  for (const [name, path] of pages) {
    await test.step(name, async () => {
      await visit(path);
      await page.screenshot({ path: `test-results/phone/${name}.png`, fullPage: true });
      const { scrollWidth, innerWidth, widest } = await page.evaluate(() => {
        // Names the element that sticks out furthest, so a failure says where to look.
        let widest = "";
        let right = window.innerWidth;
        for (const element of document.querySelectorAll<HTMLElement>("body *")) {
          const box = element.getBoundingClientRect();
          if (box.right > right + 0.5 && box.width > 0) {
            right = box.right;
            widest = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""}.${String(element.className).slice(0, 80)} (right edge ${Math.round(box.right)})`;
          }
        }
        return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, widest };
      });
      if (scrollWidth > innerWidth) overflowing.push(`${name} (${path}): ${scrollWidth} > ${innerWidth}; ${widest}`);
      for (const violation of await seriousAxeViolations(page)) violations.push(`${name}: ${violation}`);
    });
  }
  expect({ overflowing, violations }).toEqual({ overflowing: [], violations: [] });
});

test("on a phone the menu button opens the navigation, Escape closes it and a link navigates", async () => {
  await page.setViewportSize(PHONE);
  await visit("/exceptions");
  const menu = page.getByRole("button", { name: "Menu", exact: true });
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav).toBeVisible();
  // Focus moves into the drawer, and Escape gives it back to the button.
  await expect(page.locator("#main-navigation")).toContainText("Reconstream");
  expect(await page.evaluate(() => document.getElementById("main-navigation")?.contains(document.activeElement))).toBe(true);
  await page.keyboard.press("Escape");
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.press("Enter");
  await expect(nav).toBeVisible();
  await nav.getByRole("link", { name: "Streams", exact: true }).click();
  await expect(page).toHaveURL(`${baseUrl()}/streams`);
  await expect(nav).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
});

test("on a phone the exceptions are a list of cards that open the drawer, and a run's steps stack", async () => {
  await page.setViewportSize(PHONE);
  const pathOf = (name: string) => pages.find(([candidate]) => candidate === name)![1];
  await visit(pathOf("exceptions"));
  const cards = page.getByTestId("exception-cards").getByRole("listitem");
  await expect(cards.first()).toBeVisible();
  await expect(page.getByRole("grid", { name: "Exceptions" })).toHaveCount(0);
  await cards.first().getByRole("button").click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await page.keyboard.press("Escape");

  await visit(pathOf("run"));
  const step = page.getByTestId("run-timeline").getByRole("listitem").first();
  const name = await step.locator("p").first().boundingBox();
  const state = await step.locator("[data-state]").first().boundingBox();
  // Stacked: the state sits below the step's name, in the same column, not squeezed beside it.
  expect(state!.y).toBeGreaterThanOrEqual(name!.y + name!.height);
  expect(Math.abs(state!.x - name!.x)).toBeLessThan(2);
});

test("the keyboard reaches the main content and the navigation from the top of any page", async () => {
  await page.setViewportSize(DESKTOP);
  await page.goto(`${baseUrl()}/exceptions`);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: /skip to (main )?content/i });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeInViewport();
  // From the skip link onwards, Tab walks the navigation in order: Streams is reachable without a mouse.
  await page.goto(`${baseUrl()}/exceptions`);
  let reached = false;
  for (let press = 0; press < 40 && !reached; press++) {
    await page.keyboard.press("Tab");
    reached = await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Streams", exact: true }).evaluate((link) => link === document.activeElement);
  }
  expect(reached).toBe(true);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`${baseUrl()}/streams`);
});

test("the API reference is linked from the API keys page and the user menu", async () => {
  await page.setViewportSize(DESKTOP);
  await visit("/settings/api-keys");
  await expect(page.getByRole("main").getByRole("link", { name: "API reference" })).toHaveAttribute("href", "/docs/api");
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "API reference" }).click();
  await expect(page).toHaveURL(`${baseUrl()}/docs/api`);
  expect((await page.request.get(`${baseUrl()}/docs/api`)).status()).toBe(200);
});
